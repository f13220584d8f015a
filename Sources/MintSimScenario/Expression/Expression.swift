/// An expression of scenario invariants and assertions, such as
/// `sum(balances(ACME)) == totalSupply(ACME)` or `paused(ACME) || totalSupply(ACME) > 0`.
///
/// Reading it (`init(parsing:)`) needs no chain: syntax errors, built-in functions called with the
/// wrong number of arguments and integers above 2^256-1 are found then, and `calls`, `names` and
/// `strings` let a scenario checker report unknown functions and names before anything runs.
/// Evaluation asks an `ExpressionEnvironment` for names and for every function that is not built in.
///
/// The text is at most `maximumLength` characters and nests at most `maximumDepth` levels, so hostile
/// input cannot exhaust the stack. Offsets in errors and in `calls`/`names`/`strings` count Unicode
/// scalars from the start of `text`, 0-based.
public struct Expression: Sendable, CustomStringConvertible {
    /// The longest text accepted, in Unicode scalars.
    public static let maximumLength = 4096
    /// The deepest nesting of parentheses, lists, calls and negations accepted.
    public static let maximumDepth = 64
    /// The functions of the language itself, which the environment never sees.
    public static let builtinFunctions: [String] = Builtin.allCases.map(\.rawValue)
    /// Words that cannot be names.
    public static let keywords: [String] = ["true", "false", "and", "or", "not"]

    /// The text as given.
    public let text: String
    let root: Node
    /// The calls the environment will receive (built-ins excluded), in the order of the text: the
    /// function's name, its number of arguments, and where the name starts.
    public let calls: [(name: String, arity: Int, offset: Int)]
    /// The bare names the environment will resolve, in the order of the text (function names and
    /// keywords excluded).
    public let names: [(name: String, offset: Int)]
    /// The string literals, in the order of the text (names that are not identifiers are written so).
    public let strings: [(value: String, offset: Int)]

    public init(parsing text: String) throws(ExpressionError) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= Expression.maximumLength else {
            throw ExpressionError(
                .tooLong,
                "the expression is too long: \(scalars.count) characters, at most \(Expression.maximumLength) are allowed",
                offset: Expression.maximumLength)
        }
        var parser = try Parser(scalars)
        root = try parser.parseExpression()
        self.text = text
        calls = parser.calls.sorted { $0.offset < $1.offset }
        names = parser.names
        strings = parser.strings
    }

    /// The expression printed back canonically: single spaces around binary operators, `&&`, `||` and
    /// `!` for `and`, `or` and `not`, parentheses only where precedence needs them, strings in single
    /// quotes, numbers as written. Reading it back gives the same expression.
    public var description: String { root.description }

    /// The value of the expression. `&&` and `||` evaluate their right side only when it decides.
    public func evaluate(in environment: some ExpressionEnvironment) throws(ExpressionError) -> ExpressionValue {
        try Evaluator(environment: environment).evaluate(root)
    }

    /// Whether the expression holds; a value other than true or false is an error naming `role`
    /// ("the invariant gives an integer (1200), not true or false").
    public func check(in environment: some ExpressionEnvironment, as role: String = "invariant") throws(ExpressionError) -> Bool {
        try truth(of: try evaluate(in: environment), role: role)
    }

    /// nil when the expression holds; otherwise why it does not, with the values involved:
    ///
    /// - a comparison gives both sides and how they actually compare:
    ///   `totalSupply(ACME) <= cap(ACME) is false: 1200 > 1000`;
    /// - an `&&` chain explains its first false part;
    /// - an `||` chain explains every part: `paused(ACME) || totalSupply(ACME) > 0 is false:
    ///   paused(ACME) is false, totalSupply(ACME) > 0 is false (0 == 0)`;
    /// - a negated comparison gives the two sides, `all(…)` the first false element, `any(…)` the count;
    /// - anything else is `… is false`.
    ///
    /// The parts explained are evaluated again (the environment is expected to answer the same way).
    /// Errors are those of `check(in:as:)`.
    public func explainFailure(in environment: some ExpressionEnvironment, as role: String = "invariant") throws(ExpressionError) -> String? {
        let evaluator = Evaluator(environment: environment)
        if try truth(of: try evaluator.evaluate(root), role: role) { return nil }
        let (subject, detail) = try evaluator.whyFalse(root)
        return detail.map { "\(subject) is false: \($0)" } ?? "\(subject) is false"
    }

    private func truth(of value: ExpressionValue, role: String) throws(ExpressionError) -> Bool {
        guard case .boolean(let truth) = value else {
            throw ExpressionError(.notBoolean, "the \(role) gives \(value.kind) (\(value.brief)), not true or false", offset: root.offset)
        }
        return truth
    }
}

extension Evaluator {
    /// What `node`, which evaluates to false, is, and why it is false (nil when there is nothing to add).
    func whyFalse(_ node: Node) throws(ExpressionError) -> (subject: String, detail: String?) {
        switch node.kind {
        case .comparison(let lhs, _, let rhs, _):
            return (node.description, relation(try evaluate(lhs), try evaluate(rhs)))
        case .chain(let first, let links) where links.first?.op == .and:
            for part in [first] + links.map(\.operand) {
                if try evaluate(part) == .boolean(false) { return try whyFalse(part) }
            }
        case .chain(let first, let links) where links.first?.op == .or:
            var reasons: [String] = []
            for part in [first] + links.map(\.operand) {
                let (subject, detail) = try whyFalse(part)
                reasons.append(detail.map { "\(subject) is false (\($0))" } ?? "\(subject) is false")
            }
            return (node.description, reasons.joined(separator: ", "))
        case .not(let operand):
            if case .comparison(let lhs, _, let rhs, _) = operand.kind {
                return (node.description, relation(try evaluate(lhs), try evaluate(rhs)))
            }
            return (node.description, "\(operand) is true")
        case .call(let name, let arguments, builtin: true) where name == "all" || name == "any":
            guard case .list(let elements) = try evaluate(arguments[0]) else { break }
            if name == "any" {
                return (node.description, elements.isEmpty ? "the list is empty" : "none of its \(elements.count) elements is true")
            }
            if let index = elements.firstIndex(of: .boolean(false)) {
                return (node.description, "element \(index + 1) of \(elements.count) is false")
            }
        default:
            break
        }
        return (node.description, nil)
    }

    /// How two values actually compare: `1200 > 1000`, `[1, 2] != [1, 3]`.
    private func relation(_ left: ExpressionValue, _ right: ExpressionValue) -> String {
        let symbol: String
        if case .integer(let a) = left, case .integer(let b) = right {
            symbol = a < b ? "<" : a > b ? ">" : "=="
        } else {
            symbol = left == right ? "==" : "!="
        }
        return "\(left.brief) \(symbol) \(right.brief)"
    }
}
