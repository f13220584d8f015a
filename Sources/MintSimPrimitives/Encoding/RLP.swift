/// Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B).
public enum RLPItem: Equatable, Sendable, CustomStringConvertible {
    case bytes([UInt8])
    case list([RLPItem])

    /// An integer as its minimal big-endian bytes (zero is the empty string).
    public static func uint(_ value: UInt256) -> RLPItem { .bytes(value.minimalBytes) }
    public static func uint(_ value: UInt64) -> RLPItem { .bytes(UInt256(value).minimalBytes) }

    public var description: String {
        switch self {
        case .bytes(let b): return b.hex
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

public enum RLP {
    /// Deepest list nesting the decoder accepts; deeper input is an error rather than a stack overflow.
    public static let maxDepth = 1024

    /// Encodes an item.
    public static func encode(_ item: RLPItem) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedLength(item))
        append(item, to: &out)
        return out
    }

    static func encodedLength(_ item: RLPItem) -> Int {
        switch item {
        case .bytes(let b):
            if b.count == 1 && b[0] < 0x80 { return 1 }
            return headerLength(b.count) + b.count
        case .list(let items):
            let payload = items.reduce(0) { $0 + encodedLength($1) }
            return headerLength(payload) + payload
        }
    }

    private static func headerLength(_ payload: Int) -> Int {
        payload < 56 ? 1 : 1 + byteCount(payload)
    }

    private static func byteCount(_ n: Int) -> Int {
        (Int.bitWidth - n.leadingZeroBitCount + 7) / 8
    }

    private static func appendHeader(_ payload: Int, short: UInt8, long: UInt8, to out: inout [UInt8]) {
        if payload < 56 {
            out.append(short + UInt8(payload))
        } else {
            let n = byteCount(payload)
            out.append(long + UInt8(n))
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: payload >> (8 * i))) }
        }
    }

    private static func append(_ item: RLPItem, to out: inout [UInt8]) {
        switch item {
        case .bytes(let b):
            if b.count == 1 && b[0] < 0x80 {
                out.append(b[0])
            } else {
                appendHeader(b.count, short: 0x80, long: 0xb7, to: &out)
                out.append(contentsOf: b)
            }
        case .list(let items):
            let payload = items.reduce(0) { $0 + encodedLength($1) }
            appendHeader(payload, short: 0xc0, long: 0xf7, to: &out)
            for child in items { append(child, to: &out) }
        }
    }

    /// Decodes exactly one item that spans all of `bytes`. Decoding is strict: a single byte below 0x80
    /// wrapped in a string header, a long form for a length under 56, a length with leading zero bytes,
    /// a length past the end of the input and bytes after the item are all errors naming the offset.
    public static func decode(_ bytes: [UInt8]) throws(RLPError) -> RLPItem {
        guard !bytes.isEmpty else { throw RLPError(.empty, offset: 0, "empty input") }
        let decoder = Decoder(bytes: bytes)
        let item = try decoder.item(at: 0, end: bytes.count, depth: 0)
        if item.end != bytes.count {
            throw RLPError(.trailingBytes, offset: item.end, "\(bytes.count - item.end) trailing byte(s) after the item")
        }
        return item.value
    }

    private struct Decoder {
        let bytes: [UInt8]

        /// Decodes the item starting at `offset`, which must end at or before `end`.
        func item(at offset: Int, end: Int, depth: Int) throws(RLPError) -> (value: RLPItem, end: Int) {
            let prefix = bytes[offset]
            switch prefix {
            case 0x00...0x7f:
                return (.bytes([prefix]), offset + 1)
            case 0x80...0xbf:
                let (start, length) = try header(at: offset, end: end, short: 0x80, long: 0xb7, kind: "string")
                if length == 1 && bytes[start] < 0x80 {
                    throw RLPError(.nonCanonical, offset: offset, "non-canonical string: single byte 0x\(String(bytes[start], radix: 16)) must be encoded as itself")
                }
                return (.bytes(Array(bytes[start..<(start + length)])), start + length)
            default:
                if depth >= RLP.maxDepth {
                    throw RLPError(.tooDeep, offset: offset, "lists nested deeper than \(RLP.maxDepth)")
                }
                let (start, length) = try header(at: offset, end: end, short: 0xc0, long: 0xf7, kind: "list")
                var children: [RLPItem] = []
                var position = start
                let listEnd = start + length
                while position < listEnd {
                    let child = try item(at: position, end: listEnd, depth: depth + 1)
                    children.append(child.value)
                    position = child.end
                }
                return (.list(children), listEnd)
            }
        }

        /// Reads a string or list header; returns the payload start and length, checked against `end`.
        func header(at offset: Int, end: Int, short: UInt8, long: UInt8, kind: String) throws(RLPError) -> (Int, Int) {
            let prefix = bytes[offset]
            if prefix <= long {
                let length = Int(prefix - short)
                guard offset + 1 + length <= end else {
                    throw RLPError(.truncated, offset: offset, "\(kind) declares \(length) byte(s) but only \(end - offset - 1) remain")
                }
                return (offset + 1, length)
            }
            let lengthOfLength = Int(prefix - long)
            guard offset + 1 + lengthOfLength <= end else {
                throw RLPError(.truncated, offset: offset, "\(kind) length needs \(lengthOfLength) byte(s) but only \(end - offset - 1) remain")
            }
            if bytes[offset + 1] == 0 {
                throw RLPError(.nonCanonical, offset: offset + 1, "non-canonical \(kind) length: leading zero byte")
            }
            var length = 0
            for i in 0..<lengthOfLength {
                guard length <= (Int.max >> 8) else {
                    throw RLPError(.truncated, offset: offset, "\(kind) length does not fit in memory")
                }
                length = (length << 8) | Int(bytes[offset + 1 + i])
            }
            if length < 56 {
                throw RLPError(.nonCanonical, offset: offset, "non-canonical \(kind) length: \(length) must use the short form")
            }
            let start = offset + 1 + lengthOfLength
            guard length <= end - start else {
                throw RLPError(.truncated, offset: offset, "\(kind) declares \(length) byte(s) but only \(end - start) remain")
            }
            return (start, length)
        }
    }
}

extension RLPItem {
    /// The byte string, or an error if this is a list.
    public func bytesValue(_ what: String) throws(RLPError) -> [UInt8] {
        guard case .bytes(let b) = self else {
            throw RLPError(.unexpectedList, offset: nil, "\(what): expected a byte string, got a list")
        }
        return b
    }

    /// The list items, or an error if this is a byte string.
    public func listValue(_ what: String) throws(RLPError) -> [RLPItem] {
        guard case .list(let items) = self else {
            throw RLPError(.unexpectedString, offset: nil, "\(what): expected a list, got a byte string")
        }
        return items
    }

    /// A canonical RLP integer (no leading zero bytes) of at most 32 bytes.
    public func uint256Value(_ what: String) throws(RLPError) -> UInt256 {
        let b = try bytesValue(what)
        if let first = b.first, first == 0 {
            throw RLPError(.nonCanonical, offset: nil, "\(what): integer has a leading zero byte")
        }
        guard b.count <= 32 else {
            throw RLPError(.integerTooLarge, offset: nil, "\(what): integer of \(b.count) bytes exceeds 256 bits")
        }
        do {
            return try UInt256(bigEndian: b)
        } catch {
            throw RLPError(.integerTooLarge, offset: nil, "\(what): \(error.message)")
        }
    }

    /// A canonical RLP integer that fits in 64 bits.
    public func uint64Value(_ what: String) throws(RLPError) -> UInt64 {
        let value = try uint256Value(what)
        guard let v = value.uint64 else {
            throw RLPError(.integerTooLarge, offset: nil, "\(what): \(value) exceeds 2^64-1")
        }
        return v
    }
}

public struct RLPError: CodedError {
    public enum Code: Sendable, Equatable {
        case empty, truncated, trailingBytes, nonCanonical, tooDeep, unexpectedList, unexpectedString, integerTooLarge
    }
    public let code: Code
    /// Byte offset in the input where the problem is, when it is about the encoding itself.
    public let offset: Int?
    public let reason: String
    public var message: String {
        if let offset { return "invalid RLP at byte \(offset): \(reason)" }
        return "invalid RLP: \(reason)"
    }
    init(_ code: Code, offset: Int?, _ reason: String) {
        self.code = code
        self.offset = offset
        self.reason = reason
    }
}

/// Writes RLP straight into one buffer, without building `RLPItem` trees: for hot paths such as
/// transaction payloads. `list { … }` writes the items its closure writes as one list.
public struct RLPWriter {
    public var bytes: [UInt8] { buffer }
    @usableFromInline var buffer: [UInt8] = []

    @inlinable public init(capacity: Int = 128) { buffer.reserveCapacity(capacity) }

    @inlinable public mutating func append(bytes value: some Collection<UInt8>) {
        if value.count == 1, let first = value.first, first < 0x80 {
            buffer.append(first)
            return
        }
        appendHeader(value.count, short: 0x80, long: 0xb7)
        buffer.append(contentsOf: value)
    }

    /// An integer as its minimal big-endian bytes (zero is the empty string).
    @inlinable public mutating func append(uint value: UInt256) {
        let width = (value.bitWidth + 7) / 8
        if width == 0 {
            buffer.append(0x80)
            return
        }
        if width == 1, let low = value.uint64, low < 0x80 {
            buffer.append(UInt8(low))
            return
        }
        buffer.append(0x80 + UInt8(width))
        value.appendMinimalBytes(to: &buffer)
    }

    @inlinable public mutating func append(uint value: UInt64) {
        if value == 0 {
            buffer.append(0x80)
        } else if value < 0x80 {
            buffer.append(UInt8(value))
        } else {
            let width = (64 - value.leadingZeroBitCount + 7) / 8
            buffer.append(0x80 + UInt8(width))
            for i in stride(from: width - 1, through: 0, by: -1) { buffer.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
        }
    }

    /// Appends already-encoded RLP.
    @inlinable public mutating func append(encoded: some Collection<UInt8>) { buffer.append(contentsOf: encoded) }

    /// Writes the items `body` writes as one list. The header is written in place afterwards (one
    /// byte reserved, widened only for a payload of 56 bytes or more), so no second buffer is needed.
    @inlinable public mutating func list(_ body: (inout RLPWriter) -> Void) {
        let start = buffer.count
        buffer.append(0xc0)
        body(&self)
        let payload = buffer.count - start - 1
        if payload < 56 {
            buffer[start] = 0xc0 + UInt8(payload)
        } else {
            let n = (Int.bitWidth - payload.leadingZeroBitCount + 7) / 8
            var header: [UInt8] = [0xf7 + UInt8(n)]
            for i in stride(from: n - 1, through: 0, by: -1) { header.append(UInt8(truncatingIfNeeded: payload >> (8 * i))) }
            buffer.replaceSubrange(start..<(start + 1), with: header)
        }
    }

    /// A 32-byte string.
    public mutating func append(hash: Hash) {
        buffer.append(0xa0)
        Swift.withUnsafeBytes(of: hash.storage) { buffer.append(contentsOf: $0) }
    }

    /// A 20-byte string.
    public mutating func append(address: Address) {
        buffer.append(0x94)
        Swift.withUnsafeBytes(of: address.storage) { buffer.append(contentsOf: $0) }
    }

    @inlinable mutating func appendHeader(_ payload: Int, short: UInt8, long: UInt8) {
        if payload < 56 {
            buffer.append(short + UInt8(payload))
        } else {
            let n = (Int.bitWidth - payload.leadingZeroBitCount + 7) / 8
            buffer.append(long + UInt8(n))
            for i in stride(from: n - 1, through: 0, by: -1) { buffer.append(UInt8(truncatingIfNeeded: payload >> (8 * i))) }
        }
    }
}
