import MintSimPrimitives

/// An operator that joins operands of the same precedence, left to right.
enum ChainOperator: String, Sendable {
    case or = "||", and = "&&"
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", remainder = "%"

    var precedence: Int {
        switch self {
        case .or: Precedence.or
        case .and: Precedence.and
        case .add, .subtract: Precedence.additive
        case .multiply, .divide, .remainder: Precedence.multiplicative
        }
    }
}

enum ComparisonOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// Binding strength, loosest first.
enum Precedence {
    static let or = 1
    static let and = 2
    static let not = 3
    static let comparison = 4
    static let additive = 5
    static let multiplicative = 6
    static let primary = 7
}

/// A node of the syntax tree; `offset` is where its first token starts.
struct Node: Sendable {
    struct Link: Sendable {
        let op: ChainOperator
        /// Where the operator is.
        let offset: Int
        let operand: Node
    }

    indirect enum Kind: Sendable {
        /// An integer literal and its spelling (`1_000`, `0xff`).
        case integer(UInt256, spelling: String)
        /// A decimal literal: its value (digits without underscores) and its spelling.
        case decimal(String, spelling: String)
        case boolean(Bool)
        case string(String)
        case name(String)
        case list([Node])
        /// A call of a built-in (`builtin` set) or of the environment.
        case call(String, [Node], builtin: Bool)
        case not(Node)
        /// Operands joined by operators of one precedence, evaluated left to right.
        case chain(Node, [Link])
        case comparison(Node, ComparisonOperator, Node, operatorOffset: Int)
    }

    let offset: Int
    let kind: Kind

    var precedence: Int {
        switch kind {
        case .chain(_, let links): links.first?.op.precedence ?? Precedence.primary
        case .comparison: Precedence.comparison
        case .not: Precedence.not
        default: Precedence.primary
        }
    }
}

// MARK: - Printing

extension Node: CustomStringConvertible {
    /// The canonical text: single spaces around binary operators, `&&` `||` `!` for the keywords,
    /// parentheses only where precedence needs them, strings in single quotes, numbers as written.
    var description: String { printed(minimum: Precedence.or) }

    func printed(minimum: Int) -> String {
        let text: String
        switch kind {
        case .integer(_, let spelling), .decimal(_, let spelling): text = spelling
        case .boolean(let value): text = value ? "true" : "false"
        case .string(let value): text = ExpressionValue.quoted(value)
        case .name(let name): text = name
        case .list(let elements): text = "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .call(let name, let arguments, _):
            text = name + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
        case .not(let operand):
            let bare = operand.precedence == Precedence.primary || operand.precedence == Precedence.not
            text = "!" + (bare ? operand.printed(minimum: Precedence.not) : "(\(operand.description))")
        case .chain(let first, let links):
            let level = precedence
            text = links.reduce(first.printed(minimum: level)) { partial, link in
                partial + " \(link.op.rawValue) " + link.operand.printed(minimum: level + 1)
            }
        case .comparison(let lhs, let op, let rhs, _):
            text = lhs.printed(minimum: Precedence.additive) + " \(op.rawValue) " + rhs.printed(minimum: Precedence.additive)
        }
        return precedence < minimum ? "(\(text))" : text
    }
}
