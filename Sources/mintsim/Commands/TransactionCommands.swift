import ArgumentParser
import Foundation
import MintSimPrimitives

struct DecodeTx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-tx",
        abstract: "Decode a raw signed transaction (legacy, EIP-2930 or EIP-1559) to JSON with its hash and sender.")

    @Argument(help: "Raw transaction hex; standard input when omitted.")
    var raw: String?

    func run() throws {
        let bytes = try Hex.decode(try Input.single(raw, what: "raw transaction"))
        let signed = try SignedTransaction(raw: bytes)
        try Output.json(TransactionJSON.object(signed, sender: try signed.recoverSender()))
    }
}

struct SignTx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-tx",
        abstract: "Sign a transaction given as JSON; prints the raw signed transaction and its hash.",
        discussion: """
            Fields: type (0, 1 or 2; inferred from the fee fields when omitted), chainId (default 31337; null \
            for a pre-EIP-155 legacy transaction), nonce, gasPrice (types 0 and 1), maxPriorityFeePerGas and \
            maxFeePerGas (type 2), gas (default 21000), to (omitted or null creates a contract), value, data, \
            accessList. Integers may be JSON numbers, decimal strings or 0x hex strings. The output of \
            decode-tx is accepted too (its signature fields are ignored).
            Example: mintsim sign-tx '{"to":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","value":"1000","maxFeePerGas":"1000000000"}' \
            --private-key 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
            """)

    @Argument(help: "Transaction JSON; standard input when omitted.")
    var transaction: String?

    @Option(name: .customLong("private-key"), help: "The signer's private key (32 bytes hex).")
    var privateKey: String

    @Flag(help: "Print JSON: raw, hash and from.")
    var json = false

    func run() throws {
        let key = try PrivateKey(hex: privateKey)
        let text = try Input.single(transaction, what: "transaction JSON")
        let tx = try TransactionJSON.parse(text)
        let signed = try tx.signed(with: key)
        if json {
            try Output.json(["raw": signed.rawBytes.hex, "hash": signed.hash.hex, "from": key.address.checksummed])
        } else {
            Output.line(signed.rawBytes.hex)
            Output.line(signed.hash.hex)
        }
    }
}

/// The JSON form of transactions on the command line.
enum TransactionJSON {
    static func object(_ signed: SignedTransaction, sender: Address) -> [String: Any] {
        let tx = signed.transaction
        var out: [String: Any] = [
            "type": Int(tx.type.rawValue),
            "chainId": tx.chainId.map { $0.description as Any } ?? NSNull(),
            "nonce": String(tx.nonce),
            "gas": String(tx.gasLimit),
            "to": tx.to.map { $0.checksummed as Any } ?? NSNull(),
            "value": tx.value.description,
            "data": tx.data.hex,
            "v": signed.v.description,
            "r": signed.signature.r.bytes32.hex,
            "s": signed.signature.s.bytes32.hex,
            "yParity": Int(signed.signature.recoveryId),
            "hash": signed.hash.hex,
            "signingHash": tx.signingHash.hex,
            "from": sender.checksummed,
        ]
        if tx.type == .dynamicFee {
            out["maxPriorityFeePerGas"] = tx.maxPriorityFeePerGas.description
            out["maxFeePerGas"] = tx.maxFeePerGas.description
        } else {
            out["gasPrice"] = tx.gasPrice.description
        }
        if tx.type != .legacy {
            out["accessList"] = tx.accessList.map { entry in
                ["address": entry.address.checksummed, "storageKeys": entry.storageKeys.map(\.hex)] as [String: Any]
            }
        }
        return out
    }

    static let fieldNames: Set<String> = [
        "type", "chainId", "nonce", "gasPrice", "maxPriorityFeePerGas", "maxFeePerGas", "gas", "gasLimit", "to",
        "value", "data", "input", "accessList",
    ]
    /// Keys of decode-tx output that sign-tx ignores.
    static let ignoredNames: Set<String> = ["v", "r", "s", "yParity", "hash", "signingHash", "from"]

    static func parse(_ text: String) throws -> Transaction {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw InputError("transaction JSON is not valid JSON")
        }
        guard let fields = object as? [String: Any] else { throw InputError("transaction JSON must be an object") }
        for key in fields.keys.sorted() where !fieldNames.contains(key) && !ignoredNames.contains(key) {
            throw InputError("transaction JSON: unknown field \"\(key)\"")
        }
        if fields["gas"] != nil && fields["gasLimit"] != nil { throw InputError("transaction JSON: give gas or gasLimit, not both") }
        if fields["data"] != nil && fields["input"] != nil { throw InputError("transaction JSON: give data or input, not both") }

        func present(_ key: String) -> Bool { fields[key] != nil && !(fields[key] is NSNull) }
        let type: TransactionType
        if let raw = fields["type"], !(raw is NSNull) {
            let n = try integer(raw, "type")
            guard let t = n.uint64.flatMap({ UInt8(exactly: $0) }).flatMap(TransactionType.init(rawValue:)) else {
                throw InputError("transaction JSON: type must be 0, 1 or 2, got \(n)")
            }
            type = t
        } else if present("maxFeePerGas") || present("maxPriorityFeePerGas") {
            type = .dynamicFee
        } else if present("accessList") {
            type = .accessList
        } else {
            type = .legacy
        }
        if type == .dynamicFee && present("gasPrice") {
            throw InputError("transaction JSON: gasPrice does not apply to a type 2 transaction (use maxFeePerGas)")
        }
        if type != .dynamicFee && (present("maxFeePerGas") || present("maxPriorityFeePerGas")) {
            throw InputError("transaction JSON: maxFeePerGas and maxPriorityFeePerGas apply only to type 2 transactions")
        }
        if type == .legacy && present("accessList") {
            throw InputError("transaction JSON: accessList does not apply to a legacy transaction")
        }
        var tx = Transaction(type: type, to: nil)
        if fields.keys.contains("chainId") {
            tx.chainId = fields["chainId"] is NSNull ? nil : try integer(fields["chainId"] as Any, "chainId")
        } else {
            tx.chainId = UInt256(31337)
        }
        if type != .legacy && tx.chainId == nil {
            throw InputError("transaction JSON: a type \(type.rawValue) transaction needs a chainId")
        }
        tx.nonce = try uint64(fields["nonce"], "nonce") ?? 0
        tx.gasLimit = try uint64(fields["gas"] ?? fields["gasLimit"], fields["gas"] != nil ? "gas" : "gasLimit") ?? 21000
        tx.gasPrice = try fields["gasPrice"].flatMap { $0 is NSNull ? nil : $0 }.map { try integer($0, "gasPrice") } ?? .zero
        tx.maxFeePerGas = try fields["maxFeePerGas"].flatMap { $0 is NSNull ? nil : $0 }.map { try integer($0, "maxFeePerGas") } ?? .zero
        tx.maxPriorityFeePerGas =
            try fields["maxPriorityFeePerGas"].flatMap { $0 is NSNull ? nil : $0 }.map { try integer($0, "maxPriorityFeePerGas") } ?? .zero
        if let to = fields["to"], !(to is NSNull) {
            guard let text = to as? String else { throw InputError("transaction JSON: to must be an address string or null") }
            do { tx.to = try Address(text) } catch { throw InputError("transaction JSON: to: \(error)") }
        }
        tx.value = try fields["value"].flatMap { $0 is NSNull ? nil : $0 }.map { try integer($0, "value") } ?? .zero
        let dataKey = fields["input"] != nil ? "input" : "data"
        if let data = fields[dataKey], !(data is NSNull) {
            guard let text = data as? String else { throw InputError("transaction JSON: \(dataKey) must be a hex string") }
            do { tx.data = try Hex.decode(text) } catch { throw InputError("transaction JSON: \(dataKey): \(error)") }
        }
        if let list = fields["accessList"], !(list is NSNull) {
            guard let entries = list as? [Any] else { throw InputError("transaction JSON: accessList must be an array") }
            tx.accessList = try entries.enumerated().map { i, raw in
                guard let entry = raw as? [String: Any], let address = entry["address"] as? String else {
                    throw InputError("transaction JSON: accessList[\(i)] must be an object with an address")
                }
                let keys = entry["storageKeys"] ?? [Any]()
                guard let keyTexts = keys as? [String] else {
                    throw InputError("transaction JSON: accessList[\(i)].storageKeys must be an array of 32-byte hex strings")
                }
                do {
                    return AccessListEntry(address: try Address(address), storageKeys: try keyTexts.map { try Hash(hex: $0) })
                } catch {
                    throw InputError("transaction JSON: accessList[\(i)]: \(error)")
                }
            }
        }
        return tx
    }

    static func integer(_ raw: Any, _ name: String) throws -> UInt256 {
        if let number = raw as? NSNumber, !isJSONBoolean(raw) {
            guard let n = UInt64(exactly: number.doubleValue), number.doubleValue <= 9_007_199_254_740_991 else {
                throw InputError("transaction JSON: \(name) must be a non-negative integer below 2^53 when given as a JSON number (use a string for larger values)")
            }
            return UInt256(n)
        }
        guard let text = raw as? String else { throw InputError("transaction JSON: \(name) must be an integer or a string") }
        do { return try UInt256(text) } catch { throw InputError("transaction JSON: \(name): \(error)") }
    }

    static func uint64(_ raw: Any?, _ name: String) throws -> UInt64? {
        guard let raw, !(raw is NSNull) else { return nil }
        let value = try integer(raw, name)
        guard let n = value.uint64 else { throw InputError("transaction JSON: \(name) \(value) exceeds 2^64-1") }
        return n
    }
}
