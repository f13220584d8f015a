import Foundation
import MintSimPrimitives

/// One parameter of a function, event, error or constructor, with its name as the ABI JSON shows it.
public struct ABIParameter: Hashable, Sendable {
    public let name: String
    public let type: ABIType
    /// For event parameters: whether the value is a topic.
    public let indexed: Bool
    /// For a tuple (or an array of tuples): its fields, with their names when declared.
    public let components: [ABIParameter]

    public init(name: String, type: ABIType, indexed: Bool = false, components: [ABIParameter] = []) {
        self.name = name
        self.type = type
        self.indexed = indexed
        self.components = components
    }
}

/// One entry of a contract's ABI, declared in the human-readable form ethers uses:
/// `function transfer(address to, uint256 value) returns (bool)`,
/// `function balanceOf(address account) view returns (uint256)`,
/// `event Transfer(address indexed from, address indexed to, uint256 value)`,
/// `error ERC20InvalidSender(address sender)`, `constructor(string name_, string symbol_)`.
public struct ABIEntry: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case function, event, error, constructor
    }

    public let kind: Kind
    public let name: String
    public let inputs: [ABIParameter]
    public let outputs: [ABIParameter]
    /// `pure`, `view`, `nonpayable` or `payable` (functions and constructors).
    public let stateMutability: String

    /// `name(type1,type2)`: what the selector or topic is the hash of.
    public var signature: String { "\(name)(\(inputs.map(\.type.description).joined(separator: ",")))" }

    /// keccak256 of the signature: an event's topic 0.
    public var topic0: Hash { Keccak256.hash(Array(signature.utf8)) }

    /// The first four bytes of the hash: a function's selector or an error's.
    public var selector: UInt32 {
        topic0.withUnsafeBytes { raw in raw.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
    }

    /// Parses a human-readable declaration. Declarations are part of the program, so a malformed one
    /// is a programming error that the interface tests catch; it parses as far as it can.
    public init(_ declaration: String) {
        var text = Self.trimmed(Substring(declaration))
        var kind = Kind.function
        for candidate in [Kind.function, .event, .error] where text.hasPrefix(candidate.rawValue + " ") {
            kind = candidate
            text = text.dropFirst(candidate.rawValue.count + 1)
        }
        if text.hasPrefix("constructor(") { kind = .constructor }
        let open = text.firstIndex(of: "(") ?? text.endIndex
        let name = kind == .constructor ? "" : String(Self.trimmed(text[..<open]))
        let (inputText, rest) = Self.parenthesized(text[open...])
        let words = rest.split(separator: " ")
        var mutability = kind == .function || kind == .constructor ? "nonpayable" : ""
        for keyword in ["view", "pure", "payable"] where words.contains(Substring(keyword)) { mutability = keyword }
        var outputs: [ABIParameter] = []
        if let returns = rest.range(of: "returns") {
            outputs = Self.parameters(Self.parenthesized(rest[returns.upperBound...].drop { $0 == " " }).0)
        }
        self.kind = kind
        self.name = name
        self.inputs = Self.parameters(inputText)
        self.outputs = outputs
        self.stateMutability = mutability
    }

    /// `text` without leading and trailing spaces and tabs (plain Swift: this runs for every
    /// declaration when a program starts).
    private static func trimmed(_ text: Substring) -> Substring {
        var out = text.drop { $0 == " " || $0 == "\t" }
        while let last = out.last, last == " " || last == "\t" { out = out.dropLast() }
        return out
    }

    /// Splits `(a, b) rest` into `a, b` and `rest` (parentheses may nest).
    private static func parenthesized(_ text: Substring) -> (Substring, Substring) {
        guard text.first == "(" else { return ("", text) }
        var depth = 0
        for index in text.indices {
            if text[index] == "(" { depth += 1 }
            if text[index] == ")" {
                depth -= 1
                if depth == 0 {
                    return (text[text.index(after: text.startIndex)..<index], text[text.index(after: index)...])
                }
            }
        }
        return (text.dropFirst(), "")
    }

    /// Parameters separated by commas outside parentheses; a tuple is written `(type name, …)` and may
    /// be followed by array suffixes: `(uint32 limitTime, uint256 limitValue)[] _limits`.
    private static func parameters(_ text: Substring) -> [ABIParameter] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                parts.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
        }
        parts.append(text[start...])
        return parts.compactMap(parameter)
    }

    private static func parameter(_ part: Substring) -> ABIParameter? {
        let trimmed = part.drop { $0 == " " }
        var components: [ABIParameter] = []
        var typeText: String
        var rest: Substring
        if trimmed.first == "(" {
            let (inner, after) = parenthesized(trimmed)
            components = parameters(inner)
            let suffix = after.prefix { $0 == "[" || $0 == "]" || $0.isNumber }
            typeText = "(" + components.map(\.type.description).joined(separator: ",") + ")" + suffix
            rest = after.dropFirst(suffix.count)
        } else {
            let word = trimmed.prefix { $0 != " " }
            typeText = String(word)
            rest = trimmed.dropFirst(word.count)
        }
        guard !typeText.isEmpty, let type = try? ABIType(parsing: typeText) else { return nil }
        let words = rest.split(separator: " ").map(String.init)
        let indexed = words.contains("indexed")
        let name = words.last { $0 != "indexed" && $0 != "memory" && $0 != "calldata" } ?? ""
        return ABIParameter(name: name, type: type, indexed: indexed, components: components)
    }

    /// The entry as solc writes it in an ABI JSON file.
    public var jsonObject: [String: Any] {
        func parameter(_ p: ABIParameter, event: Bool) -> [String: Any] {
            var object: [String: Any] = ["internalType": p.type.description, "name": p.name, "type": p.type.description]
            if !p.components.isEmpty {
                // solc writes a tuple as "tuple" (with the array suffixes) and lists its fields.
                let description = p.type.description
                let suffix = description[(description.lastIndex(of: ")").map { description.index(after: $0) } ?? description.endIndex)...]
                object["type"] = "tuple" + suffix
                object["internalType"] = "tuple" + suffix
                object["components"] = p.components.map { parameter($0, event: false) }
            }
            if event { object["indexed"] = p.indexed }
            return object
        }
        var object: [String: Any] = [
            "type": kind.rawValue, "inputs": inputs.map { parameter($0, event: kind == .event) },
        ]
        switch kind {
        case .function:
            object["name"] = name
            object["outputs"] = outputs.map { parameter($0, event: false) }
            object["stateMutability"] = stateMutability
        case .constructor:
            object["stateMutability"] = stateMutability
        case .event:
            object["name"] = name
            object["anonymous"] = false
        case .error:
            object["name"] = name
        }
        return object
    }
}

/// A contract's whole ABI: the functions its calldata dispatch answers, the events it emits and the
/// errors it reverts with.
public struct ContractInterface: Sendable {
    public let entries: [ABIEntry]

    public init(_ declarations: [String]) {
        entries = declarations.map(ABIEntry.init)
    }

    public init(entries: [ABIEntry]) { self.entries = entries }

    public var functions: [ABIEntry] { entries.filter { $0.kind == .function } }
    public var events: [ABIEntry] { entries.filter { $0.kind == .event } }
    public var errors: [ABIEntry] { entries.filter { $0.kind == .error } }
    public var constructor: ABIEntry? { entries.first { $0.kind == .constructor } }

    /// The function with this selector.
    public func function(selector: UInt32) -> ABIEntry? { functions.first { $0.selector == selector } }

    /// The function named `name` (the first overload when there are several).
    public func function(named name: String) -> ABIEntry? { functions.first { $0.name == name } }

    /// The ABI JSON a web3.py or ethers user loads: constructor first, then functions, events and
    /// errors, each sorted by name and signature; keys sorted; two-space indentation.
    public var json: String {
        let order: [ABIEntry.Kind] = [.constructor, .function, .event, .error]
        let sorted = order.flatMap { kind in
            entries.filter { $0.kind == kind }.sorted { ($0.name, $0.signature) < ($1.name, $1.signature) }
        }
        var out = ""
        JSONText.write(sorted.map(\.jsonObject), indent: 0, into: &out)
        return out + "\n"
    }
}

/// Writes JSON the same way on every platform: keys sorted, two-space indentation, `": "`.
enum JSONText {
    static func write(_ value: Any, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch value {
        case let object as [String: Any]:
            guard !object.isEmpty else { return out += "{}" }
            out += "{\n"
            for (offset, key) in object.keys.sorted().enumerated() {
                out += pad + quoted(key) + ": "
                write(object[key] ?? "", indent: indent + 1, into: &out)
                out += offset == object.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        case let array as [Any]:
            guard !array.isEmpty else { return out += "[]" }
            out += "[\n"
            for (offset, item) in array.enumerated() {
                out += pad
                write(item, indent: indent + 1, into: &out)
                out += offset == array.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        case let flag as Bool:
            out += flag ? "true" : "false"
        case let text as String:
            out += quoted(text)
        default:
            out += quoted("\(value)")
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
