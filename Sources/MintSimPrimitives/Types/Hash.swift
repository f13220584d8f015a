import Foundation

/// A 32-byte value: a Keccak-256 digest, a transaction or block hash, a storage key, a topic.
public struct Hash: Hashable, Comparable, Sendable, CustomStringConvertible {
    typealias Storage = (UInt64, UInt64, UInt64, UInt64)

    /// The 32 bytes in memory order (byte 0 first).
    var storage: Storage

    init(rawStorage: Storage) { storage = rawStorage }

    /// The all-zero hash.
    public static let zero = Hash(rawStorage: (0, 0, 0, 0))

    /// Creates a hash from exactly 32 bytes.
    public init(bytes: some Collection<UInt8>) throws(HashError) {
        guard bytes.count == 32 else {
            throw HashError("invalid hash: expected 32 bytes, got \(bytes.count)")
        }
        var s = Storage(0, 0, 0, 0)
        withUnsafeMutableBytes(of: &s) { raw in
            let copied: Void? = bytes.withContiguousStorageIfAvailable { raw.copyBytes(from: $0) }
            if copied == nil {
                for (i, b) in bytes.enumerated() { raw[i] = b }
            }
        }
        storage = s
    }

    /// Creates a hash from exactly 32 bytes (the common case, without generic dispatch).
    public init(bytes: [UInt8]) throws(HashError) {
        guard bytes.count == 32 else {
            throw HashError("invalid hash: expected 32 bytes, got \(bytes.count)")
        }
        var s = Storage(0, 0, 0, 0)
        withUnsafeMutableBytes(of: &s) { raw in raw.copyBytes(from: bytes) }
        storage = s
    }

    /// Reads 32 bytes at `offset` of `buffer`; the caller has checked that they are there.
    public init(unchecked buffer: UnsafeRawBufferPointer, at offset: Int) {
        var s = Storage(0, 0, 0, 0)
        withUnsafeMutableBytes(of: &s) { raw in
            raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + 32]))
        }
        storage = s
    }

    /// The 32-byte big-endian word of an integer.
    public init(word value: UInt256) {
        let l = value.limbs
        storage = (l.3.bigEndian, l.2.bigEndian, l.1.bigEndian, l.0.bigEndian)
    }

    /// The 32-byte word of an address: 12 zero bytes, then the address.
    public init(word address: Address) {
        var s = Storage(0, 0, 0, 0)
        withUnsafeMutableBytes(of: &s) { raw in
            address.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: raw[12..<32]).copyMemory(from: source)
            }
        }
        storage = s
    }

    /// Parses 64 hex digits, with or without `0x`.
    public init(hex: String) throws(HashError) {
        let bytes: [UInt8]
        do {
            bytes = try Hex.decode(hex)
        } catch {
            throw HashError(error.message)
        }
        guard bytes.count == 32 else {
            throw HashError("invalid hash \(Hex.quoted(hex)): expected 32 bytes, got \(bytes.count)")
        }
        try self.init(bytes: bytes)
    }

    /// The 32 bytes.
    public var bytes: [UInt8] {
        Swift.withUnsafeBytes(of: storage) { Array($0) }
    }

    /// Calls `body` with the 32 bytes without copying them.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// `0x` followed by 64 lowercase hex digits.
    public var hex: String { withUnsafeBytes { Hex.encode($0) } }
    public var description: String { hex }

    public static func == (lhs: Hash, rhs: Hash) -> Bool {
        lhs.storage.0 == rhs.storage.0 && lhs.storage.1 == rhs.storage.1
            && lhs.storage.2 == rhs.storage.2 && lhs.storage.3 == rhs.storage.3
    }

    /// A cheap, well-mixed 64-bit hash for the chain's own hash tables (not resistant to chosen keys).
    public var tableHash: UInt64 {
        let h = (storage.0 &* 0x9E37_79B9_7F4A_7C15) ^ (storage.1 &* 0xC2B2_AE3D_27D4_EB4F)
            ^ (storage.2 &* 0x1656_67B1_9E37_79F9) ^ (storage.3 &* 0x27D4_EB2F_1656_67C5)
        return h ^ (h >> 29)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }

    /// Byte-wise (big-endian) order.
    public static func < (lhs: Hash, rhs: Hash) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

extension Hash: ContiguousBytes {}

extension Hash: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try Hash(hex: text)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

public struct HashError: CodedError {
    public enum Code: Sendable, Equatable { case invalidHash }
    public let code = Code.invalidHash
    public let message: String
    init(_ message: String) { self.message = message }
}
