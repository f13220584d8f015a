/// Standard (non-packed) ABI encoding and decoding of value sequences.
public enum ABI {
    /// Encodes `values` as the tuple `(types…)`: function arguments, return data, event data.
    public static func encode(_ types: [ABIType], _ values: [ABIValue]) throws(ABIError) -> [UInt8] {
        guard types.count == values.count else {
            throw ABIError(.valueMismatch, "expected \(types.count) value(s) for (\(types.map(\.description).joined(separator: ","))), got \(values.count)")
        }
        var out: [UInt8] = []
        try encodeSequence(types, values, path: "", into: &out)
        return out
    }

    /// Decodes data holding the tuple `(types…)`. Every offset and length is bounds-checked; values
    /// with dirty high bits (an address or uint<M> wider than its type, a bool other than 0/1,
    /// an int<M> that is not sign-extended, bytes<M> with non-zero padding) are errors.
    public static func decode(_ types: [ABIType], _ data: [UInt8]) throws(ABIError) -> [ABIValue] {
        let needed = ABIType.headSize(of: types)
        guard data.count >= needed else {
            throw ABIError(.truncated, "ABI data too short: (\(types.map(\.description).joined(separator: ","))) needs at least \(needed) bytes, got \(data.count)")
        }
        let decoder = Decoder(data: data)
        return try decoder.sequence(types, start: 0, path: "")
    }

    // MARK: Encoding

    private static func encodeSequence(_ types: [ABIType], _ values: [ABIValue], path: String, into out: inout [UInt8]) throws(ABIError) {
        let headSize = types.reduce(0) { $0 + $1.headSize }
        var tail: [UInt8] = []
        for (i, (type, value)) in zip(types, values).enumerated() {
            let itemPath = path.isEmpty ? "value \(i)" : "\(path).\(i)"
            if type.isDynamic {
                out.append(contentsOf: UInt256(UInt64(headSize + tail.count)).bytes32)
                try encode(type, value, path: itemPath, into: &tail)
            } else {
                try encode(type, value, path: itemPath, into: &out)
            }
        }
        out.append(contentsOf: tail)
    }

    private static func padded(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.append(contentsOf: bytes)
        let remainder = bytes.count % 32
        if remainder != 0 { out.append(contentsOf: [UInt8](repeating: 0, count: 32 - remainder)) }
    }

    private static func encode(_ type: ABIType, _ value: ABIValue, path: String, into out: inout [UInt8]) throws(ABIError) {
        func mismatch() -> ABIError {
            ABIError(.valueMismatch, "\(path): a \(value.kindName) value cannot be encoded as \(type)")
        }
        switch (type, value) {
        case (.uint(let m), .uint(let v)):
            guard v.bitWidth <= m else { throw ABIError(.outOfRange, "\(path): \(v) does not fit in uint\(m)") }
            out.append(contentsOf: v.bytes32)
        case (.int(let m), .int(let v)):
            guard v.fits(bits: m) else { throw ABIError(.outOfRange, "\(path): \(v) does not fit in int\(m)") }
            out.append(contentsOf: v.bitPattern.bytes32)
        case (.address, .address(let a)):
            out.append(contentsOf: a.word)
        case (.bool, .bool(let b)):
            out.append(contentsOf: UInt256(b ? 1 : 0).bytes32)
        case (.fixedBytes(let m), .fixedBytes(let b)), (.fixedBytes(let m), .bytes(let b)):
            guard b.count == m else {
                throw ABIError(.valueMismatch, "\(path): bytes\(m) needs exactly \(m) bytes, got \(b.count)")
            }
            padded(b, into: &out)
        case (.bytes, .bytes(let b)), (.bytes, .fixedBytes(let b)):
            out.append(contentsOf: UInt256(UInt64(b.count)).bytes32)
            padded(b, into: &out)
        case (.string, .string(let s)):
            let b = Array(s.utf8)
            out.append(contentsOf: UInt256(UInt64(b.count)).bytes32)
            padded(b, into: &out)
        case (.array(let t), .array(let items)):
            out.append(contentsOf: UInt256(UInt64(items.count)).bytes32)
            try encodeSequence(Array(repeating: t, count: items.count), items, path: path, into: &out)
        case (.fixedArray(let t, let k), .array(let items)):
            guard items.count == k else {
                throw ABIError(.valueMismatch, "\(path): \(type) needs \(k) elements, got \(items.count)")
            }
            try encodeSequence(Array(repeating: t, count: k), items, path: path, into: &out)
        case (.tuple(let ts), .tuple(let items)):
            guard items.count == ts.count else {
                throw ABIError(.valueMismatch, "\(path): \(type) has \(ts.count) components, got \(items.count)")
            }
            try encodeSequence(ts, items, path: path, into: &out)
        default:
            throw mismatch()
        }
    }

    // MARK: Decoding

    /// Offsets may point at data already decoded, so a few bytes could describe an enormous value.
    /// The decoder therefore creates at most this many values per byte of input (plus a small
    /// allowance), which no honest encoding comes near.
    static let valuesPerByte = 1

    private final class Decoder {
        let data: [UInt8]
        var budget: Int

        init(data: [UInt8]) {
            self.data = data
            budget = data.count * ABI.valuesPerByte + 64
        }

        func spend(_ count: Int, path: String) throws(ABIError) {
            budget -= count
            guard budget >= 0 else {
                throw ABIError(.tooLarge, "\(path): the data describes more values than its \(data.count) bytes can hold (offsets point at shared data)")
            }
        }

        func word(at offset: Int, path: String) throws(ABIError) -> ArraySlice<UInt8> {
            guard offset >= 0, offset <= data.count - 32 else {
                throw ABIError(.truncated, "\(path): needs 32 bytes at offset \(offset) but the data is \(data.count) bytes")
            }
            return data[offset..<(offset + 32)]
        }

        func uint(at offset: Int, path: String) throws(ABIError) -> UInt256 {
            let w = try word(at: offset, path: path)
            // A 32-byte slice always fits in 256 bits.
            return (try? UInt256(bigEndian: w)) ?? .zero
        }

        /// Reads a word that is an offset or a length and must be a small number.
        func size(at offset: Int, path: String, what: String) throws(ABIError) -> Int {
            let value = try uint(at: offset, path: path)
            guard let n = value.int, n <= data.count else {
                throw ABIError(.invalidOffset, "\(path): \(what) \(value) at offset \(offset) points past the end of the \(data.count)-byte data")
            }
            return n
        }

        func sequence(_ types: [ABIType], start: Int, path: String) throws(ABIError) -> [ABIValue] {
            try spend(types.count, path: path.isEmpty ? "data" : path)
            var out: [ABIValue] = []
            out.reserveCapacity(types.count)
            var head = start
            for (i, type) in types.enumerated() {
                let itemPath = path.isEmpty ? "value \(i)" : "\(path).\(i)"
                if type.isDynamic {
                    let relative = try size(at: head, path: itemPath, what: "offset")
                    let target = start + relative
                    guard target <= data.count else {
                        throw ABIError(.invalidOffset, "\(itemPath): offset \(relative) at byte \(head) points past the end of the \(data.count)-byte data")
                    }
                    out.append(try value(type, at: target, path: itemPath))
                    head += 32
                } else {
                    out.append(try value(type, at: head, path: itemPath))
                    head += type.headSize
                }
            }
            return out
        }

        func value(_ type: ABIType, at offset: Int, path: String) throws(ABIError) -> ABIValue {
            switch type {
            case .uint(let m):
                let v = try uint(at: offset, path: path)
                guard v.bitWidth <= m else {
                    throw ABIError(.invalidPadding, "\(path): word at offset \(offset) does not fit in uint\(m)")
                }
                return .uint(v)
            case .int(let m):
                let v = Int256(bitPattern: try uint(at: offset, path: path))
                guard v.fits(bits: m) else {
                    throw ABIError(.invalidPadding, "\(path): word at offset \(offset) is not a sign-extended int\(m)")
                }
                return .int(v)
            case .address:
                let w = try word(at: offset, path: path)
                guard w.prefix(12).allSatisfy({ $0 == 0 }) else {
                    throw ABIError(.invalidPadding, "\(path): address word at offset \(offset) has non-zero high bytes")
                }
                return .address((try? Address(bytes: w.suffix(20))) ?? .zero)
            case .bool:
                let v = try uint(at: offset, path: path)
                guard v <= .one else {
                    throw ABIError(.invalidPadding, "\(path): bool word at offset \(offset) is neither 0 nor 1")
                }
                return .bool(v == .one)
            case .fixedBytes(let m):
                let w = try word(at: offset, path: path)
                guard w.dropFirst(m).allSatisfy({ $0 == 0 }) else {
                    throw ABIError(.invalidPadding, "\(path): bytes\(m) word at offset \(offset) has non-zero padding")
                }
                return .fixedBytes(Array(w.prefix(m)))
            case .bytes, .string:
                let length = try size(at: offset, path: path, what: "length")
                let start = offset + 32
                guard length <= data.count - start else {
                    throw ABIError(.truncated, "\(path): length \(length) at offset \(offset) runs past the end of the \(data.count)-byte data")
                }
                let b = Array(data[start..<(start + length)])
                if type == .bytes { return .bytes(b) }
                guard let s = String(validating: b, as: UTF8.self) else {
                    throw ABIError(.invalidUTF8, "\(path): string at offset \(offset) is not valid UTF-8")
                }
                return .string(s)
            case .array(let t):
                let count = try size(at: offset, path: path, what: "array length")
                let start = offset + 32
                guard count <= (data.count - start) / Swift.max(t.headSize, 1) else {
                    throw ABIError(.truncated, "\(path): array length \(count) at offset \(offset) needs more data than the \(data.count - start) bytes left")
                }
                return .array(try sequence(Array(repeating: t, count: count), start: start, path: path))
            case .fixedArray(let t, let k):
                guard k <= (data.count - offset) / Swift.max(t.headSize, 1) else {
                    throw ABIError(.truncated, "\(path): \(type) at offset \(offset) needs more data than the \(data.count - offset) bytes left")
                }
                return .array(try sequence(Array(repeating: t, count: k), start: offset, path: path))
            case .tuple(let ts):
                let needed = ABIType.headSize(of: ts)
                guard needed <= data.count - offset else {
                    throw ABIError(.truncated, "\(path): \(type) at offset \(offset) needs \(needed) bytes but \(data.count - offset) are left")
                }
                return .tuple(try sequence(ts, start: offset, path: path))
            }
        }
    }
}

extension ABIValue {
    var kindName: String {
        switch self {
        case .uint: return "uint"
        case .int: return "int"
        case .address: return "address"
        case .bool: return "bool"
        case .fixedBytes: return "fixed bytes"
        case .bytes: return "bytes"
        case .string: return "string"
        case .array: return "array"
        case .tuple: return "tuple"
        }
    }
}
