import Foundation

/// A 20-byte Ethereum account address, printed with its EIP-55 checksum.
public struct Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    typealias Storage = (UInt32, UInt32, UInt32, UInt32, UInt32)

    /// The 20 bytes in memory order (byte 0 first).
    var storage: Storage

    init(rawStorage: Storage) { storage = rawStorage }

    /// The zero address, 0x0000000000000000000000000000000000000000.
    public static let zero = Address(rawStorage: (0, 0, 0, 0, 0))

    /// Creates an address from exactly 20 bytes.
    public init(bytes: some Collection<UInt8>) throws(AddressError) {
        guard bytes.count == 20 else {
            throw AddressError(.wrongLength, "invalid address: expected 20 bytes, got \(bytes.count)")
        }
        var s = Storage(0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &s) { raw in
            let copied: Void? = bytes.withContiguousStorageIfAvailable { raw.copyBytes(from: $0) }
            if copied == nil {
                for (i, b) in bytes.enumerated() { raw[i] = b }
            }
        }
        storage = s
    }

    /// Creates an address from exactly 20 bytes (the common case, without generic dispatch).
    public init(bytes: [UInt8]) throws(AddressError) {
        guard bytes.count == 20 else {
            throw AddressError(.wrongLength, "invalid address: expected 20 bytes, got \(bytes.count)")
        }
        var s = Storage(0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &s) { raw in raw.copyBytes(from: bytes) }
        storage = s
    }

    /// Reads 20 bytes at `offset` of `buffer`; the caller has checked that they are there.
    public init(unchecked buffer: UnsafeRawBufferPointer, at offset: Int) {
        var s = Storage(0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &s) { raw in
            raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + 20]))
        }
        storage = s
    }

    /// Creates an address from the last 20 bytes of a 32-byte hash (as `keccak256(pubkey)[12:]`).
    public init(lastBytesOf hash: Hash) {
        var s = Storage(0, 0, 0, 0, 0)
        hash.withUnsafeBytes { src in
            withUnsafeMutableBytes(of: &s) { dst in
                for i in 0..<20 { dst[i] = src[12 + i] }
            }
        }
        storage = s
    }

    /// Parses 40 hex digits with or without `0x`. All-lowercase and all-uppercase are accepted as they
    /// are; mixed case must carry a correct EIP-55 checksum.
    public init(_ string: String) throws(AddressError) {
        let digits = string.hasPrefix("0x") || string.hasPrefix("0X") ? String(string.dropFirst(2)) : string
        let shown = Hex.quoted(string)
        for (i, c) in digits.utf8.enumerated() where Hex.nibble(c) == nil {
            let offset = i + (string.utf8.count - digits.utf8.count)
            throw AddressError(.invalidCharacter, "invalid address \(shown): character at position \(offset) is not a hex digit")
        }
        guard digits.utf8.count == 40 else {
            throw AddressError(.wrongLength, "invalid address \(shown): expected 40 hex digits, got \(digits.utf8.count)")
        }
        let bytes: [UInt8]
        do {
            bytes = try Hex.decode(digits)
        } catch {
            throw AddressError(.invalidCharacter, "invalid address \(shown): \(error.message)")
        }
        try self.init(bytes: bytes)
        let hasLower = digits.utf8.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f") }
        let hasUpper = digits.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }
        if hasLower && hasUpper {
            let expected = checksummed
            guard String(expected.dropFirst(2)) == digits else {
                throw AddressError(.badChecksum, "invalid address \(shown): EIP-55 checksum mismatch (the checksummed form is \(expected))")
            }
        }
    }

    /// The 20 bytes.
    public var bytes: [UInt8] { Swift.withUnsafeBytes(of: storage) { Array($0) } }

    /// Calls `body` with the 20 bytes without copying them.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// `0x` and 40 lowercase hex digits.
    public var lowercaseHex: String { withUnsafeBytes { Hex.encode($0) } }

    /// The EIP-55 mixed-case checksum form.
    public var checksummed: String {
        let lower = Array(lowercaseHex.utf8.dropFirst(2))
        let digest = Keccak256.hash(lower).bytes
        var out: [UInt8] = Array("0x".utf8)
        out.reserveCapacity(42)
        for (i, c) in lower.enumerated() {
            let nibble = i % 2 == 0 ? digest[i / 2] >> 4 : digest[i / 2] & 0x0f
            if c >= UInt8(ascii: "a") && nibble >= 8 {
                out.append(c - 32)
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { checksummed }

    /// The 32-byte ABI word: 12 zero bytes then the address.
    public var word: [UInt8] { [UInt8](repeating: 0, count: 12) + bytes }

    public static func == (lhs: Address, rhs: Address) -> Bool {
        lhs.storage.0 == rhs.storage.0 && lhs.storage.1 == rhs.storage.1 && lhs.storage.2 == rhs.storage.2
            && lhs.storage.3 == rhs.storage.3 && lhs.storage.4 == rhs.storage.4
    }

    /// A cheap, well-mixed 64-bit hash of the address (multiply-xor of its words) for the chain's own
    /// hash tables, where SipHash's resistance to chosen keys is not needed.
    public var tableHash: UInt64 {
        let a = (UInt64(storage.0) << 32 | UInt64(storage.1)) &* 0x9E37_79B9_7F4A_7C15
        let b = (UInt64(storage.2) << 32 | UInt64(storage.3)) &* 0xC2B2_AE3D_27D4_EB4F
        let c = UInt64(storage.4) &* 0x1656_67B1_9E37_79F9
        let h = a ^ b ^ c
        return h ^ (h >> 29)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(UInt64(storage.0) << 32 | UInt64(storage.1))
        hasher.combine(UInt64(storage.2) << 32 | UInt64(storage.3))
        hasher.combine(storage.4)
    }

    /// Byte-wise order, which is numeric order.
    public static func < (lhs: Address, rhs: Address) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// The address of a contract created by `sender` with `nonce`: keccak256(rlp([sender, nonce]))[12:].
    public static func contractAddress(sender: Address, nonce: UInt64) -> Address {
        let encoded = RLP.encode(.list([.bytes(sender.bytes), .bytes(UInt256(nonce).minimalBytes)]))
        return Address(lastBytesOf: Keccak256.hash(encoded))
    }
}

extension Address: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try Address(text)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(checksummed)
    }
}

public struct AddressError: CodedError {
    public enum Code: Sendable, Equatable { case wrongLength, invalidCharacter, badChecksum }
    public let code: Code
    public let message: String
    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
