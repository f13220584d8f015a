import MintSimPrimitives

/// The 2048-bit logs bloom of receipts and blocks (Yellow Paper 4.3.1): for each log address and
/// topic, three bits chosen by the low 11 bits of the first three byte pairs of its Keccak-256.
public struct Bloom: Hashable, Sendable {
    public private(set) var bytes: [UInt8]
    /// Whether no bit is set.
    public private(set) var isEmpty = true

    public init() { bytes = Bloom.zeroBytes }

    /// Shared storage for empty blooms (copied only when one is first written).
    private static let zeroBytes = [UInt8](repeating: 0, count: 256)

    public static let empty = Bloom()

    public mutating func add(_ input: some ContiguousBytesConvertible) {
        let digest = Keccak256.hash(input.contiguousBytes).bytes
        isEmpty = false
        for i in stride(from: 0, to: 6, by: 2) {
            let bit = (Int(digest[i]) << 8 | Int(digest[i + 1])) & 2047
            bytes[255 - bit / 8] |= 1 << UInt8(bit % 8)
        }
    }

    public mutating func add(log: Log) {
        add(log.address)
        for topic in log.topics { add(topic) }
    }

    public mutating func formUnion(_ other: Bloom) {
        guard !other.isEmpty else { return }
        isEmpty = false
        for i in 0..<256 { bytes[i] |= other.bytes[i] }
    }

    /// Whether `input` may be in the set (false means it certainly is not).
    public func mayContain(_ input: some ContiguousBytesConvertible) -> Bool {
        var probe = Bloom()
        probe.add(input)
        for i in 0..<256 where probe.bytes[i] & bytes[i] != probe.bytes[i] { return false }
        return true
    }
}

/// Values whose bytes go into a bloom.
public protocol ContiguousBytesConvertible {
    var contiguousBytes: [UInt8] { get }
}

extension Address: ContiguousBytesConvertible {
    public var contiguousBytes: [UInt8] { bytes }
}

extension Hash: ContiguousBytesConvertible {
    public var contiguousBytes: [UInt8] { bytes }
}
