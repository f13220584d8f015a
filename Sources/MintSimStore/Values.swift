import Foundation
import GRDB
import MintSimChain
import MintSimPrimitives

// How values are kept in the state file: addresses, hashes and 256-bit words as big-endian BLOBs
// (20, 32 and 32 bytes, so that words of one column sort as numbers), small integers as INTEGER.

extension Address {
    var data: Data { withUnsafeBytes { Data($0) } }
}

extension Hash {
    var data: Data { withUnsafeBytes { Data($0) } }
}

extension UInt256 {
    var data: Data { Data(bytes32) }
}

/// Reads values back, naming the column of a value that is not what MintSim wrote.
struct RowReader {
    let row: Row
    let table: String

    func data(_ column: String) throws(StoreError) -> Data {
        guard let value: Data = row[column] else {
            throw StoreError(.corrupt, "\(table).\(column) is missing")
        }
        return value
    }

    func optionalData(_ column: String) -> Data? { row[column] }

    func address(_ column: String) throws(StoreError) -> Address {
        let bytes = try data(column)
        guard bytes.count == 20, let address = try? Address(bytes: [UInt8](bytes)) else {
            throw StoreError(.corrupt, "\(table).\(column) is not a 20-byte address")
        }
        return address
    }

    func optionalAddress(_ column: String) throws(StoreError) -> Address? {
        guard optionalData(column) != nil else { return nil }
        return try address(column)
    }

    func hash(_ column: String) throws(StoreError) -> Hash {
        let bytes = try data(column)
        guard bytes.count == 32, let hash = try? Hash(bytes: [UInt8](bytes)) else {
            throw StoreError(.corrupt, "\(table).\(column) is not a 32-byte hash")
        }
        return hash
    }

    func optionalHash(_ column: String) throws(StoreError) -> Hash? {
        guard optionalData(column) != nil else { return nil }
        return try hash(column)
    }

    func word(_ column: String) throws(StoreError) -> UInt256 {
        let bytes = try data(column)
        guard bytes.count == 32, let value = try? UInt256(bigEndian: bytes) else {
            throw StoreError(.corrupt, "\(table).\(column) is not a 32-byte word")
        }
        return value
    }

    func int(_ column: String) throws(StoreError) -> Int64 {
        guard let value: Int64 = row[column] else {
            throw StoreError(.corrupt, "\(table).\(column) is missing")
        }
        return value
    }

    func uint(_ column: String) throws(StoreError) -> UInt64 {
        let value = try int(column)
        guard value >= 0 else { throw StoreError(.corrupt, "\(table).\(column) is negative") }
        return UInt64(value)
    }

    func text(_ column: String) throws(StoreError) -> String {
        guard let value: String = row[column] else {
            throw StoreError(.corrupt, "\(table).\(column) is missing")
        }
        return value
    }
}

/// Transactions are kept in their signed encoding. One sent without a signature (impersonated) is
/// encoded with the placeholder signature r = s = 1, y = 0 and flagged unsigned: its fields come
/// back from the encoding, its sender and hash from their own columns.
enum StoredTransaction {
    static let placeholder = Signature(r: .one, s: .one, recoveryId: 0)

    static func encode(_ tx: Chain.PendingTransaction) -> [UInt8] {
        SignedTransaction(transaction: tx.transaction, signature: tx.signature ?? placeholder).rawBytes
    }

    static func decode(_ data: Data, signed: Bool, hash: Hash, from: Address) throws(StoreError) -> Chain.PendingTransaction {
        let decoded: SignedTransaction
        do {
            decoded = try SignedTransaction(raw: [UInt8](data))
        } catch {
            throw StoreError(.corrupt, "transaction \(hash): \(error.message)")
        }
        return Chain.PendingTransaction(
            hash: hash, from: from, transaction: decoded.transaction, signature: signed ? decoded.signature : nil)
    }
}
