import MintSimPrimitives

/// A value of the expression language.
///
/// Integers are unsigned 256-bit numbers with checked arithmetic, as token amounts are. A decimal
/// literal such as `1000.5` stays text (`.decimal("1000.5")`) until a function that knows a token's
/// decimals turns it into base units (`units(ACME, 1000.5)`); arithmetic and comparisons refuse it.
/// Names are what bare identifiers stand for when the environment keeps them symbolic; addresses are
/// what it gives for accounts and contracts when it resolves them.
public enum ExpressionValue: Hashable, Sendable, CustomStringConvertible {
    case integer(UInt256)
    case boolean(Bool)
    case list([ExpressionValue])
    /// A decimal literal, as written without underscores (`"1000.5"`).
    case decimal(String)
    case string(String)
    /// A symbolic name (`ACME`, `alice`), as an environment may return it from `value(ofName:)`.
    case name(String)
    case address(Address)

    /// The value as the language would write it: `1200`, `true`, `[1, 2]`, `1000.5`, `'text'`, `ACME`,
    /// and an address in its EIP-55 form.
    public var description: String {
        switch self {
        case .integer(let value): value.description
        case .boolean(let value): value ? "true" : "false"
        case .list(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .decimal(let text): text
        case .string(let text): ExpressionValue.quoted(text)
        case .name(let name): name
        case .address(let address): address.checksummed
        }
    }

    /// The kind with its article, as messages use it: "an integer", "a list".
    public var kind: String {
        switch self {
        case .integer: "an integer"
        case .boolean: "a boolean"
        case .list: "a list"
        case .decimal: "a decimal amount"
        case .string: "a string"
        case .name: "a name"
        case .address: "an address"
        }
    }

    /// The kind in the plural: "integers", "lists".
    var kindPlural: String {
        switch self {
        case .integer: "integers"
        case .boolean: "booleans"
        case .list: "lists"
        case .decimal: "decimal amounts"
        case .string: "strings"
        case .name: "names"
        case .address: "addresses"
        }
    }

    /// The description shortened for messages: at most 8 list elements and 60 characters of text.
    var brief: String {
        switch self {
        case .list(let elements) where elements.count > 8:
            return "[" + elements.prefix(8).map(\.brief).joined(separator: ", ") + ", … (\(elements.count) elements)]"
        case .list(let elements):
            return "[" + elements.map(\.brief).joined(separator: ", ") + "]"
        case .string(let text) where text.unicodeScalars.count > 60:
            return ExpressionValue.quoted(String(String.UnicodeScalarView(text.unicodeScalars.prefix(57)))) + "…"
        default:
            return description
        }
    }

    /// Single-quoted with `\` and `'` escaped, as the language reads strings.
    static func quoted(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "'" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out + "'"
    }
}
