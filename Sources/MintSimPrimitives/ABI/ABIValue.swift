import Foundation

/// A value of an ABI type.
public enum ABIValue: Hashable, Sendable {
    case uint(UInt256)
    case int(Int256)
    case address(Address)
    case bool(Bool)
    case fixedBytes([UInt8])
    case bytes([UInt8])
    case string(String)
    case array([ABIValue])  // T[] and T[k]
    case tuple([ABIValue])
}

extension ABIValue: CustomStringConvertible {
    /// A compact human-readable form, as `cast` prints decoded values: numbers in decimal,
    /// addresses checksummed, bytes in hex, strings as they are, `[a, b]` and `(a, b)`.
    public var description: String {
        switch self {
        case .uint(let v): return v.description
        case .int(let v): return v.description
        case .address(let a): return a.checksummed
        case .bool(let b): return b ? "true" : "false"
        case .fixedBytes(let b), .bytes(let b): return b.hex
        case .string(let s): return s
        case .array(let items): return "[" + items.map(\.nestedDescription).joined(separator: ", ") + "]"
        case .tuple(let items): return "(" + items.map(\.nestedDescription).joined(separator: ", ") + ")"
        }
    }

    /// Inside arrays and tuples strings are quoted so that commas in them stay readable.
    var nestedDescription: String {
        if case .string(let s) = self {
            let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return description
    }
}

// MARK: - JSON form

extension ABIValue {
    /// The value as a JSON-compatible object: integers as decimal strings, addresses checksummed,
    /// bytes as 0x hex, strings, booleans, and arrays for arrays and tuples.
    public var jsonObject: Any {
        switch self {
        case .uint(let v): return v.description
        case .int(let v): return v.description
        case .address(let a): return a.checksummed
        case .bool(let b): return b
        case .fixedBytes(let b), .bytes(let b): return b.hex
        case .string(let s): return s
        case .array(let items), .tuple(let items): return items.map(\.jsonObject)
        }
    }

    /// Whether a JSON value is `true`/`false` rather than a number (Foundation's JSON reader hands
    /// both over as NSNumber, and on Linux the numbers 0 and 1 also cast to Bool).
    static func isBoolean(_ json: Any) -> Bool {
        guard let number = json as? NSNumber else { return json is Bool }
        return String(cString: number.objCType) == "c"
    }

    /// Builds a value of `type` from its JSON form (see `jsonObject`); integers may also be JSON numbers.
    public init(json: Any, type: ABIType, path: String = "value") throws(ABIError) {
        func mismatch(_ expected: String) -> ABIError {
            let shown = ABIValue.isBoolean(json) ? ((json as? Bool) == true ? "true" : "false") : String(describing: json)
            return ABIError(.valueMismatch, "\(path): expected \(expected) for \(type), got \(shown.prefix(60))")
        }
        switch type {
        case .uint, .int, .address, .fixedBytes, .bytes:
            if let number = json as? NSNumber, !ABIValue.isBoolean(json) {
                try self.init(text: number.stringValue, type: type, path: path)
            } else if let s = json as? String {
                try self.init(text: s, type: type, path: path)
            } else {
                throw mismatch("a string")
            }
        case .bool:
            guard ABIValue.isBoolean(json), let b = json as? Bool else { throw mismatch("true or false") }
            self = .bool(b)
        case .string:
            guard let s = json as? String else { throw mismatch("a string") }
            self = .string(s)
        case .array(let t):
            guard let items = json as? [Any] else { throw mismatch("an array") }
            var out: [ABIValue] = []
            for (i, item) in items.enumerated() { out.append(try ABIValue(json: item, type: t, path: "\(path)[\(i)]")) }
            self = .array(out)
        case .fixedArray(let t, let k):
            guard let items = json as? [Any] else { throw mismatch("an array") }
            guard items.count == k else {
                throw ABIError(.valueMismatch, "\(path): \(type) needs \(k) elements, got \(items.count)")
            }
            var out: [ABIValue] = []
            for (i, item) in items.enumerated() { out.append(try ABIValue(json: item, type: t, path: "\(path)[\(i)]")) }
            self = .array(out)
        case .tuple(let ts):
            guard let items = json as? [Any] else { throw mismatch("an array of the tuple's components") }
            guard items.count == ts.count else {
                throw ABIError(.valueMismatch, "\(path): \(type) has \(ts.count) components, got \(items.count)")
            }
            var out: [ABIValue] = []
            for (i, (item, t)) in zip(items, ts).enumerated() {
                out.append(try ABIValue(json: item, type: t, path: "\(path).\(i)"))
            }
            self = .tuple(out)
        }
    }
}

// MARK: - Text form (command-line arguments)

extension ABIValue {
    /// Parses a command-line argument as a value of `type`, the way `cast` does: integers in decimal
    /// or 0x hex (a leading `-` for int), addresses in hex (EIP-55 checked when mixed case), `true`/`false`,
    /// bytes in hex, strings as they are (quotes optional inside arrays), arrays as `[a,b]`, tuples as `(a,b)`.
    public init(text: String, type: ABIType, path: String = "value") throws(ABIError) {
        switch type {
        case .uint(let m):
            let v: UInt256
            do { v = try UInt256(text.trimmingSpaces) } catch {
                throw ABIError(.invalidValue, "\(path): \(error.message)")
            }
            guard v.bitWidth <= m else {
                throw ABIError(.outOfRange, "\(path): \(v) does not fit in uint\(m)")
            }
            self = .uint(v)
        case .int(let m):
            let v: Int256
            do { v = try Int256(text.trimmingSpaces) } catch {
                throw ABIError(.invalidValue, "\(path): \(error.message)")
            }
            guard v.fits(bits: m) else {
                throw ABIError(.outOfRange, "\(path): \(v) does not fit in int\(m)")
            }
            self = .int(v)
        case .address:
            do { self = .address(try Address(text.trimmingSpaces)) } catch {
                throw ABIError(.invalidValue, "\(path): \(error.message)")
            }
        case .bool:
            switch text.trimmingSpaces {
            case "true": self = .bool(true)
            case "false": self = .bool(false)
            default: throw ABIError(.invalidValue, "\(path): expected true or false, got \(Hex.quoted(text))")
            }
        case .fixedBytes(let m):
            let b: [UInt8]
            do { b = try Hex.decode(text.trimmingSpaces) } catch {
                throw ABIError(.invalidValue, "\(path): \(error.message)")
            }
            guard b.count == m else {
                throw ABIError(.valueMismatch, "\(path): bytes\(m) needs exactly \(m) bytes, got \(b.count)")
            }
            self = .fixedBytes(b)
        case .bytes:
            do { self = .bytes(try Hex.decode(text.trimmingSpaces)) } catch {
                throw ABIError(.invalidValue, "\(path): \(error.message)")
            }
        case .string:
            self = .string(text)
        case .array(let t):
            let items = try ABIValue.splitComposite(text, open: "[", close: "]", path: path)
            var out: [ABIValue] = []
            for (i, item) in items.enumerated() { out.append(try ABIValue(text: item, type: t, path: "\(path)[\(i)]")) }
            self = .array(out)
        case .fixedArray(let t, let k):
            let items = try ABIValue.splitComposite(text, open: "[", close: "]", path: path)
            guard items.count == k else {
                throw ABIError(.valueMismatch, "\(path): \(type) needs \(k) elements, got \(items.count)")
            }
            var out: [ABIValue] = []
            for (i, item) in items.enumerated() { out.append(try ABIValue(text: item, type: t, path: "\(path)[\(i)]")) }
            self = .array(out)
        case .tuple(let ts):
            let items = try ABIValue.splitComposite(text, open: "(", close: ")", path: path)
            guard items.count == ts.count else {
                throw ABIError(.valueMismatch, "\(path): \(type) has \(ts.count) components, got \(items.count)")
            }
            var out: [ABIValue] = []
            for (i, (item, t)) in zip(items, ts).enumerated() {
                out.append(try ABIValue(text: item, type: t, path: "\(path).\(i)"))
            }
            self = .tuple(out)
        }
    }

    /// Splits `[a, b, [c, d]]` into its top-level elements, honouring nesting and double quotes.
    /// A top-level element written in quotes loses them (`\"` and `\\` escape inside); quotes deeper
    /// down are kept for the nested parse, and brackets inside any quotes are not structure.
    static func splitComposite(_ text: String, open: Character, close: Character, path: String) throws(ABIError) -> [String] {
        let trimmed = text.trimmingSpaces
        guard trimmed.first == open, trimmed.last == close, trimmed.count >= 2 else {
            throw ABIError(.invalidValue, "\(path): expected \(open)…\(close), got \(Hex.quoted(text))")
        }
        let inner = Array(trimmed.dropFirst().dropLast())
        if inner.allSatisfy({ $0.isWhitespace }) { return [] }
        var items: [String] = []
        var current = ""
        var depth = 0
        var inQuotes = false
        var quotedElement = false  // the current top-level element was a quoted string
        var closedQuote = false  // its closing quote has been read
        var i = 0
        while i < inner.count {
            let c = inner[i]
            if inQuotes {
                if c == "\\", i + 1 < inner.count {
                    if !(depth == 0 && quotedElement) { current.append(c) }
                    current.append(inner[i + 1])
                    i += 2
                    continue
                }
                if c == "\"" {
                    inQuotes = false
                    if depth == 0 && quotedElement { closedQuote = true } else { current.append(c) }
                } else {
                    current.append(c)
                }
            } else if closedQuote && c != "," {
                guard c.isWhitespace else {
                    throw ABIError(.invalidValue, "\(path): unexpected '\(c)' after a quoted string in \(Hex.quoted(text))")
                }
            } else if c == "\"" {
                inQuotes = true
                if depth == 0 && current.allSatisfy(\.isWhitespace) {
                    quotedElement = true
                    current = ""
                } else {
                    current.append(c)
                }
            } else if c == "[" || c == "(" {
                depth += 1
                current.append(c)
            } else if c == "]" || c == ")" {
                depth -= 1
                guard depth >= 0 else { throw ABIError(.invalidValue, "\(path): unbalanced '\(c)' in \(Hex.quoted(text))") }
                current.append(c)
            } else if c == "," && depth == 0 {
                items.append(quotedElement ? current : current.trimmingSpaces)
                current = ""
                quotedElement = false
                closedQuote = false
            } else {
                current.append(c)
            }
            i += 1
        }
        guard !inQuotes else { throw ABIError(.invalidValue, "\(path): unterminated string in \(Hex.quoted(text))") }
        guard depth == 0 else { throw ABIError(.invalidValue, "\(path): unbalanced brackets in \(Hex.quoted(text))") }
        items.append(quotedElement ? current : current.trimmingSpaces)
        return items
    }
}
