import MintSimChain
import MintSimPrimitives

/// Reads the static arguments of a call straight from calldata, checking them as Solidity's ABI
/// decoder does: calldata shorter than the arguments, an address with dirty upper bytes or a bool
/// other than 0 or 1 reverts with empty data.
struct Arguments {
    let data: [UInt8]

    /// Checks that the calldata holds at least `words` argument words after the selector.
    init(_ context: ExecutionContext, words: Int) throws(Revert) {
        data = context.calldata
        guard data.count >= 4 + 32 * words else { throw Revert(data: []) }
    }

    func uint(_ index: Int) -> UInt256 {
        data.withUnsafeBytes { UInt256(unchecked: $0, at: 4 + 32 * index) }
    }

    func address(_ index: Int) throws(Revert) -> Address {
        let start = 4 + 32 * index
        let address: Address? = data.withUnsafeBytes { raw in
            let high = raw.loadUnaligned(fromByteOffset: start, as: UInt64.self)
            let middle = raw.loadUnaligned(fromByteOffset: start + 8, as: UInt32.self)
            return high == 0 && middle == 0 ? Address(unchecked: raw, at: start + 12) : nil
        }
        guard let address else { throw Revert(data: []) }
        return address
    }

    func bool(_ index: Int) throws(Revert) -> Bool {
        let value = uint(index)
        guard value <= .one else { throw Revert(data: []) }
        return value == .one
    }

    /// A `uint16` argument (higher bits must be zero).
    func uint16(_ index: Int) throws(Revert) -> UInt16 {
        guard let value = uint(index).uint64, value <= UInt64(UInt16.max) else { throw Revert(data: []) }
        return UInt16(value)
    }

    /// A `bytes4` argument (left-aligned; the other 28 bytes must be zero).
    func bytes4(_ index: Int) throws(Revert) -> UInt32 {
        let start = 4 + 32 * index
        for offset in start + 4..<start + 32 where data[offset] != 0 { throw Revert(data: []) }
        return UInt32(data[start]) << 24 | UInt32(data[start + 1]) << 16 | UInt32(data[start + 2]) << 8 | UInt32(data[start + 3])
    }

    func bytes32(_ index: Int) -> Hash {
        data.withUnsafeBytes { Hash(unchecked: $0, at: 4 + 32 * index) }
    }
}

/// ABI-encoded return values.
enum Returns {
    static let `true`: [UInt8] = UInt256.one.bytes32
    static let `false`: [UInt8] = UInt256.zero.bytes32

    static func bool(_ value: Bool) -> [UInt8] { value ? Returns.true : Returns.false }
    static func uint(_ value: UInt256) -> [UInt8] { value.bytes32 }
    static func uint(_ value: UInt64) -> [UInt8] { UInt256(value).bytes32 }
    static func address(_ value: Address) -> [UInt8] { value.word }
    static func bytes32(_ value: Hash) -> [UInt8] { value.bytes }

    static func string(_ value: String) -> [UInt8] {
        (try? ABI.encode([.string], [.string(value)])) ?? []
    }

    static func uints(_ values: [UInt256]) -> [UInt8] {
        (try? ABI.encode([.array(.uint(256))], [.array(values.map { .uint($0) })])) ?? []
    }
}

/// Accessors for values the full ABI decoder returned (for dynamic arguments: strings, bytes, arrays);
/// the decoder has checked the types, so the fallbacks are never taken.
extension ABIValue {
    var uintValue: UInt256 {
        if case .uint(let v) = self { return v }
        return .zero
    }

    var addressValue: Address {
        if case .address(let a) = self { return a }
        return .zero
    }

    var stringValue: String {
        if case .string(let s) = self { return s }
        return ""
    }

    var bytesValue: [UInt8] {
        switch self {
        case .bytes(let b), .fixedBytes(let b): return b
        default: return []
        }
    }

    var boolValue: Bool {
        if case .bool(let b) = self { return b }
        return false
    }

    var uintArray: [UInt256] {
        if case .array(let items) = self { return items.map(\.uintValue) }
        return []
    }

    var addressArray: [Address] {
        if case .array(let items) = self { return items.map(\.addressValue) }
        return []
    }
}

/// The 4-byte selector of a call as a number (nil for calldata shorter than 4 bytes).
extension ExecutionContext {
    var selectorValue: UInt32? {
        let data = calldata
        guard data.count >= 4 else { return nil }
        return UInt32(data[0]) << 24 | UInt32(data[1]) << 16 | UInt32(data[2]) << 8 | UInt32(data[3])
    }
}

/// An event's topic 0 from its signature.
func topic(_ signature: String) -> Hash { Keccak256.hash(Array(signature.utf8)) }
