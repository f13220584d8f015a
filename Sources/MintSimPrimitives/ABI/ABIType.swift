/// A Solidity ABI type.
public enum ABIType: Hashable, Sendable, CustomStringConvertible {
    case uint(Int)  // uint<M>, M in 8...256 step 8
    case int(Int)  // int<M>
    case address
    case bool
    case fixedBytes(Int)  // bytes<M>, M in 1...32
    case bytes
    case string
    indirect case array(ABIType)  // T[]
    indirect case fixedArray(ABIType, Int)  // T[k]
    case tuple([ABIType])  // (T1,…,Tn)

    /// Largest k accepted in `T[k]`, so that sizes cannot overflow.
    public static let maxFixedArrayLength = 1 << 20
    /// Deepest nesting of arrays and tuples accepted in a type string.
    public static let maxNesting = 32

    /// The canonical type string used in signatures (`uint256`, `(address,uint256)[]`).
    public var description: String {
        switch self {
        case .uint(let m): return "uint\(m)"
        case .int(let m): return "int\(m)"
        case .address: return "address"
        case .bool: return "bool"
        case .fixedBytes(let m): return "bytes\(m)"
        case .bytes: return "bytes"
        case .string: return "string"
        case .array(let t): return "\(t)[]"
        case .fixedArray(let t, let k): return "\(t)[\(k)]"
        case .tuple(let ts): return "(" + ts.map(\.description).joined(separator: ",") + ")"
        }
    }

    /// Whether the encoding has a variable size (and is reached through an offset).
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string, .array: return true
        case .fixedArray(let t, _): return t.isDynamic
        case .tuple(let ts): return ts.contains { $0.isDynamic }
        default: return false
        }
    }

    /// Bytes this type occupies in the head of an enclosing tuple.
    public var headSize: Int {
        if isDynamic { return 32 }
        // Saturates at Int.max, so that an absurd static type fails the decoder's length checks
        // instead of overflowing.
        switch self {
        case .fixedArray(let t, let k):
            let (size, overflow) = t.headSize.multipliedReportingOverflow(by: k)
            return overflow ? Int.max : size
        case .tuple(let ts): return ABIType.headSize(of: ts)
        default: return 32
        }
    }

    /// Bytes the heads of `types` take together, laid out as a tuple (saturating at Int.max).
    public static func headSize(of types: [ABIType]) -> Int {
        var total = 0
        for t in types {
            let (sum, overflow) = total.addingReportingOverflow(t.headSize)
            if overflow { return Int.max }
            total = sum
        }
        return total
    }

    /// Parses a type string: elementary types, `T[]`, `T[k]` and tuples `(T1,T2)` (also written
    /// `tuple(T1,T2)`), nested. `uint` and `int` mean `uint256` and `int256`.
    public init(parsing text: String) throws(ABIError) {
        var parser = ABITypeParser(text)
        let type = try parser.parseType(depth: 0)
        parser.skipSpaces()
        guard parser.atEnd else {
            throw parser.error("unexpected '\(parser.peekCharacter)' after the type")
        }
        self = type
    }

    /// Parses a comma-separated list of types, with or without surrounding parentheses
    /// (`uint256,address` or `(uint256,address)`; an empty string or `()` is the empty list).
    public static func parseList(_ text: String) throws(ABIError) -> [ABIType] {
        let trimmed = text.trimmingSpaces
        if trimmed.isEmpty || trimmed == "()" { return [] }
        var parser = ABITypeParser(trimmed)
        if trimmed.hasPrefix("("), let t = try? ABIType(parsing: trimmed), case .tuple(let ts) = t {
            return ts
        }
        let list = try parser.parseParameterList(depth: 0, closing: nil).map(\.type)
        parser.skipSpaces()
        guard parser.atEnd else { throw parser.error("unexpected '\(parser.peekCharacter)'") }
        return list
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
    }
}

/// A recursive-descent parser over a type or parameter-list string, with positions for errors.
struct ABITypeParser {
    let text: String
    let chars: [Character]
    var position = 0

    init(_ text: String) {
        self.text = text
        chars = Array(text)
    }

    var atEnd: Bool { position >= chars.count }
    var peekCharacter: Character { atEnd ? " " : chars[position] }

    func error(_ reason: String) -> ABIError {
        ABIError(.invalidType, "invalid ABI type \(Hex.quoted(text)) at position \(position): \(reason)")
    }

    mutating func skipSpaces() {
        while !atEnd && chars[position].isWhitespace { position += 1 }
    }

    mutating func identifier() -> String {
        let start = position
        while !atEnd && (chars[position].isLetter || chars[position].isNumber || chars[position] == "_" || chars[position] == "$") {
            position += 1
        }
        return String(chars[start..<position])
    }

    mutating func parseType(depth: Int) throws(ABIError) -> ABIType {
        guard depth < ABIType.maxNesting else { throw error("nested deeper than \(ABIType.maxNesting)") }
        skipSpaces()
        var base: ABIType
        if peekCharacter == "(" {
            position += 1
            base = .tuple(try parseParameterList(depth: depth + 1, closing: ")").map(\.type))
        } else {
            let start = position
            let name = identifier()
            if name == "tuple" && peekCharacter == "(" {
                position += 1
                base = .tuple(try parseParameterList(depth: depth + 1, closing: ")").map(\.type))
            } else {
                guard !name.isEmpty else {
                    throw atEnd ? error("expected a type") : error("expected a type, found '\(peekCharacter)'")
                }
                guard let elementary = ABIType.elementary(name) else {
                    position = start
                    throw error("unknown type '\(name)'")
                }
                base = elementary
            }
        }
        var dimensions = 0
        while peekCharacter == "[" {
            dimensions += 1
            guard depth + dimensions < ABIType.maxNesting else { throw error("nested deeper than \(ABIType.maxNesting)") }
            position += 1
            let start = position
            while !atEnd && chars[position].isNumber { position += 1 }
            let digits = String(chars[start..<position])
            guard peekCharacter == "]" else { throw error("expected ']' in array type") }
            position += 1
            if digits.isEmpty {
                base = .array(base)
            } else {
                guard let k = Int(digits), k >= 1, k <= ABIType.maxFixedArrayLength, digits.first != "0" else {
                    throw error("fixed array length must be between 1 and \(ABIType.maxFixedArrayLength), got \(digits)")
                }
                base = .fixedArray(base, k)
            }
        }
        return base
    }

    /// Parses `T1 [name], T2 [name], …` up to `closing` (consumed) or the end.
    /// Names and the data-location/indexed keywords after a type are accepted and returned.
    mutating func parseParameterList(depth: Int, closing: Character?) throws(ABIError) -> [(type: ABIType, indexed: Bool, name: String?)] {
        var out: [(type: ABIType, indexed: Bool, name: String?)] = []
        skipSpaces()
        if let closing, peekCharacter == closing {
            position += 1
            return out
        }
        while true {
            let type = try parseType(depth: depth)
            var indexed = false
            var name: String?
            skipSpaces()
            while !atEnd && (chars[position].isLetter || chars[position] == "_" || chars[position] == "$") {
                let word = identifier()
                if word == "indexed" {
                    indexed = true
                } else if ["memory", "calldata", "storage", "payable"].contains(word) {
                    // data locations carry no ABI meaning
                } else if name == nil {
                    name = word
                } else {
                    throw error("unexpected '\(word)' after parameter name")
                }
                skipSpaces()
            }
            out.append((type, indexed, name))
            if peekCharacter == "," {
                position += 1
                continue
            }
            if let closing {
                guard peekCharacter == closing else {
                    throw atEnd ? error("missing '\(closing)'") : error("expected ',' or '\(closing)', found '\(peekCharacter)'")
                }
                position += 1
            }
            return out
        }
    }
}

extension ABIType {
    /// The elementary type named `name`, or nil.
    static func elementary(_ name: String) -> ABIType? {
        switch name {
        case "address": return .address
        case "bool": return .bool
        case "bytes": return .bytes
        case "string": return .string
        case "uint": return .uint(256)
        case "int": return .int(256)
        case "function": return .fixedBytes(24)
        default: break
        }
        func size(after prefix: String) -> Int? {
            guard name.hasPrefix(prefix) else { return nil }
            let digits = name.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.first != "0", let n = Int(digits) else { return nil }
            return n
        }
        if let m = size(after: "uint") { return m % 8 == 0 && m >= 8 && m <= 256 ? .uint(m) : nil }
        if let m = size(after: "int") { return m % 8 == 0 && m >= 8 && m <= 256 ? .int(m) : nil }
        if let m = size(after: "bytes") { return m >= 1 && m <= 32 ? .fixedBytes(m) : nil }
        return nil
    }
}

public struct ABIError: CodedError {
    public enum Code: Sendable, Equatable {
        case invalidType, invalidSignature, valueMismatch, outOfRange, invalidValue, truncated, invalidOffset,
            invalidPadding, invalidUTF8, tooLarge, trailingData, selectorMismatch
    }
    public let code: Code
    public let message: String
    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
