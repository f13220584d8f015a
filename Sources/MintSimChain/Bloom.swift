import MintSimPrimitives

/// The 2048-bit logs bloom of receipts and blocks (Yellow Paper 4.3.1): for each log address and
/// topic, three bits chosen by the low 11 bits of the first three byte pairs of its Keccak-256.
public struct Bloom: Hashable, Sendable {
    public private(set) var bytes: [UInt8]
    /// Whether no bit is set.
    public private(set) var isEmpty = true

    public init() { bytes = Bloom.zeroBytes }

    /// A bloom from its 256 bytes (nil for any other length).
    public init?(bytes: [UInt8]) {
        guard bytes.count == 256 else { return nil }
        self.bytes = bytes
        isEmpty = !bytes.contains { $0 != 0 }
    }

    /// The bloom of a receipt's logs.
    public init(logs: [Log]) {
        self.init()
        for log in logs { add(log: log) }
    }

    /// Shared storage for empty blooms (copied only when one is first written).
    private static let zeroBytes = [UInt8](repeating: 0, count: 256)

    public static let empty = Bloom()

    public mutating func add(_ input: some ContiguousBytesConvertible) {
        set(Bloom.bits(of: input.contiguousBytes))
    }

    /// The three bit positions of an input, packed 11 bits each.
    static func bits(of input: [UInt8]) -> UInt64 {
        let digest = Keccak256.hash(input).bytes
        var packed: UInt64 = 0
        for i in stride(from: 0, to: 6, by: 2) {
            packed = packed << 11 | UInt64((Int(digest[i]) << 8 | Int(digest[i + 1])) & 2047)
        }
        return packed
    }

    mutating func set(_ packed: UInt64) {
        isEmpty = false
        for shift in [22, 11, 0] as [UInt64] {
            let bit = Int((packed >> shift) & 2047)
            bytes[255 - bit / 8] |= 1 << UInt8(bit % 8)
        }
    }

    public mutating func add(log: Log) {
        add(log.address)
        for topic in log.topics { add(topic) }
    }

    /// Adds a log, taking the bit positions of its address and topics from `cache` when known (the
    /// same contracts and topics recur, and each costs a Keccak-256 otherwise).
    mutating func add(log: Log, cache: inout BloomCache) {
        set(cache.bits(log.address))
        for topic in log.topics { set(cache.bits(topic)) }
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

/// Bloom bit positions of recent addresses and topics, so that each costs one Keccak-256 only once.
struct BloomCache {
    private var addresses = FastMap<Address, UInt64>()
    private var topics = FastMap<Hash, UInt64>()
    static let limit = 65_536

    mutating func bits(_ address: Address) -> UInt64 {
        if let hit = addresses[address] { return hit }
        if addresses.count >= BloomCache.limit { addresses.removeAll() }
        let packed = Bloom.bits(of: address.bytes)
        addresses[address] = packed
        return packed
    }

    mutating func bits(_ topic: Hash) -> UInt64 {
        if let hit = topics[topic] { return hit }
        if topics.count >= BloomCache.limit { topics.removeAll() }
        let packed = Bloom.bits(of: topic.bytes)
        topics[topic] = packed
        return packed
    }
}
