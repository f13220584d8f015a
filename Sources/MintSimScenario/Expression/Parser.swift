/// A recursive-descent parser with one token of look-ahead.
///
/// Grammar, loosest first (`!` binds looser than comparisons, so `!a == b` is `!(a == b)`):
///
///     or         := and (('||' | 'or') and)*
///     and        := not (('&&' | 'and') not)*
///     not        := ('!' | 'not') not | comparison
///     comparison := additive (('==' | '!=' | '<' | '<=' | '>' | '>=') additive)?
///     additive   := multiplicative (('+' | '-') multiplicative)*
///     multiplicative := primary (('*' | '/' | '%') primary)*
///     primary    := integer | decimal | string | 'true' | 'false' | name | name '(' arguments? ')'
///                 | '(' or ')' | '[' elements? ']'
struct Parser {
    private var lexer: Lexer
    private var current: Token
    private var depth = 0
    private(set) var calls: [(name: String, arity: Int, offset: Int)] = []
    private(set) var names: [(name: String, offset: Int)] = []
    private(set) var strings: [(value: String, offset: Int)] = []

    init(_ scalars: [Unicode.Scalar]) throws(ExpressionError) {
        lexer = Lexer(scalars)
        current = try lexer.next()
    }

    /// Parses the whole text.
    mutating func parseExpression() throws(ExpressionError) -> Node {
        if current.kind == .end {
            throw ExpressionError(.syntax, "the expression is empty", offset: 0)
        }
        let node = try parseOr(after: nil)
        switch current.kind {
        case .end:
            return node
        case .symbol(.closeParen):
            throw ExpressionError(.syntax, "unexpected ')': there is no '(' to close", offset: current.offset)
        case .symbol(.closeBracket):
            throw ExpressionError(.syntax, "unexpected ']': there is no '[' to close", offset: current.offset)
        case .symbol(let symbol) where Parser.comparison(symbol) != nil:
            throw comparisonsDoNotChain()
        default:
            throw ExpressionError(.syntax, "unexpected \(current.unexpected) after the end of the expression", offset: current.offset)
        }
    }

    // MARK: Tokens

    private mutating func advance() throws(ExpressionError) -> Token {
        let token = current
        current = try lexer.next()
        return token
    }

    private func isSymbol(_ symbol: Token.Symbol) -> Bool { current.kind == .symbol(symbol) }

    /// Opens a nesting level (parenthesis, list, call, negation) at `offset`.
    private mutating func enter(at offset: Int) throws(ExpressionError) {
        depth += 1
        if depth > Expression.maximumDepth {
            throw ExpressionError(
                .tooDeep,
                "the expression is nested too deeply: more than \(Expression.maximumDepth) levels of parentheses, lists, calls and negations",
                offset: offset)
        }
    }

    private mutating func leave() { depth -= 1 }

    // MARK: Levels

    /// `after` is the token before the operand, for messages (nil at the start of the text).
    private mutating func parseOr(after: Token?) throws(ExpressionError) -> Node {
        try parseChain(after: after, operators: [.or: .or]) { parser, after throws(ExpressionError) in
            try parser.parseAnd(after: after)
        }
    }

    private mutating func parseAnd(after: Token?) throws(ExpressionError) -> Node {
        try parseChain(after: after, operators: [.and: .and]) { parser, after throws(ExpressionError) in
            try parser.parseNot(after: after)
        }
    }

    private mutating func parseNot(after: Token?) throws(ExpressionError) -> Node {
        guard isSymbol(.not) else { return try parseComparison(after: after) }
        let token = try advance()
        try enter(at: token.offset)
        let operand = try parseNot(after: token)
        leave()
        return Node(offset: token.offset, kind: .not(operand))
    }

    static func comparison(_ symbol: Token.Symbol) -> ComparisonOperator? {
        switch symbol {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        default: nil
        }
    }

    private func comparisonsDoNotChain() -> ExpressionError {
        ExpressionError(
            .syntax,
            "comparisons do not chain: join them with '&&' (a < b && b < c) or add parentheses",
            offset: current.offset)
    }

    private mutating func parseComparison(after: Token?) throws(ExpressionError) -> Node {
        let lhs = try parseAdditive(after: after)
        guard case .symbol(let symbol) = current.kind, let op = Parser.comparison(symbol) else { return lhs }
        let token = try advance()
        let rhs = try parseAdditive(after: token)
        if case .symbol(let next) = current.kind, Parser.comparison(next) != nil {
            throw comparisonsDoNotChain()
        }
        return Node(offset: lhs.offset, kind: .comparison(lhs, op, rhs, operatorOffset: token.offset))
    }

    private mutating func parseAdditive(after: Token?) throws(ExpressionError) -> Node {
        try parseChain(after: after, operators: [.plus: .add, .minus: .subtract]) { parser, after throws(ExpressionError) in
            try parser.parseMultiplicative(after: after)
        }
    }

    private mutating func parseMultiplicative(after: Token?) throws(ExpressionError) -> Node {
        try parseChain(after: after, operators: [.star: .multiply, .slash: .divide, .percent: .remainder]) {
            parser, after throws(ExpressionError) in try parser.parsePrimary(after: after)
        }
    }

    /// Operands joined by `operators`, left to right, in one flat node. A parenthesized chain of the
    /// same level as the first operand joins it, since `(a + b) + c` is `a + b + c`.
    private mutating func parseChain(
        after: Token?, operators: [Token.Symbol: ChainOperator],
        operand: (inout Parser, Token?) throws(ExpressionError) -> Node
    ) throws(ExpressionError) -> Node {
        let first = try operand(&self, after)
        var links: [Node.Link] = []
        while case .symbol(let symbol) = current.kind, let op = operators[symbol] {
            let token = try advance()
            links.append(Node.Link(op: op, offset: token.offset, operand: try operand(&self, token)))
        }
        guard !links.isEmpty else { return first }
        if case .chain(let innerFirst, let innerLinks) = first.kind, first.precedence == links[0].op.precedence {
            return Node(offset: first.offset, kind: .chain(innerFirst, innerLinks + links))
        }
        return Node(offset: first.offset, kind: .chain(first, links))
    }

    // MARK: Primaries

    private func expectedValue(after: Token?, what: String = "a value") -> ExpressionError {
        let place = after.map { " after '\($0.spelling)'" } ?? ""
        return ExpressionError(.syntax, "expected \(what)\(place), found \(current.shown)", offset: current.offset)
    }

    private mutating func parsePrimary(after: Token?, what: String = "a value") throws(ExpressionError) -> Node {
        let token = current
        switch token.kind {
        case .integer(let value):
            _ = try advance()
            return Node(offset: token.offset, kind: .integer(value, spelling: token.spelling))
        case .decimal(let value):
            _ = try advance()
            return Node(offset: token.offset, kind: .decimal(value, spelling: token.spelling))
        case .boolean(let value):
            _ = try advance()
            return Node(offset: token.offset, kind: .boolean(value))
        case .string(let value):
            _ = try advance()
            strings.append((value, token.offset))
            return Node(offset: token.offset, kind: .string(value))
        case .identifier(let name):
            _ = try advance()
            if isSymbol(.openParen) { return try parseCall(name, at: token.offset) }
            names.append((name, token.offset))
            return Node(offset: token.offset, kind: .name(name))
        case .symbol(.openParen):
            _ = try advance()
            try enter(at: token.offset)
            let inner = try parseOr(after: token)
            guard isSymbol(.closeParen) else {
                throw ExpressionError(.syntax, "expected ')' to close '(', found \(current.shown)", offset: current.offset)
            }
            _ = try advance()
            leave()
            return inner
        case .symbol(.openBracket):
            return try parseList(at: token)
        case .symbol(.minus):
            throw ExpressionError(.syntax, "unexpected '-': there are no negative numbers", offset: token.offset)
        case .symbol(.not):  // an operand of arithmetic or a comparison: `!` binds looser
            throw ExpressionError(
                .syntax,
                "unexpected '\(token.spelling)': a negation inside a comparison or arithmetic needs parentheses, as in a == (!b)",
                offset: token.offset)
        default:
            throw expectedValue(after: after, what: what)
        }
    }

    private mutating func parseCall(_ name: String, at offset: Int) throws(ExpressionError) -> Node {
        let open = try advance()
        try enter(at: open.offset)
        var arguments: [Node] = []
        if isSymbol(.closeParen) {
            _ = try advance()
        } else {
            arguments.append(try parseOrRequired(after: open, what: "an argument of \(name) or ')'"))
            while true {
                if isSymbol(.closeParen) {
                    _ = try advance()
                    break
                }
                if isSymbol(.comma) {
                    let comma = try advance()
                    arguments.append(try parseOrRequired(after: comma, what: "an argument of \(name)"))
                    continue
                }
                if current.kind == .end {
                    throw ExpressionError(.syntax, "expected ')' after the arguments of \(name), found end of expression", offset: current.offset)
                }
                throw ExpressionError(.syntax, "expected ',' or ')' after an argument of \(name), found \(current.shown)", offset: current.offset)
            }
        }
        leave()
        let builtin = Builtin(rawValue: name)
        if let builtin {
            try builtin.checkArity(arguments.count, at: offset)
        } else {
            calls.append((name, arguments.count, offset))
        }
        return Node(offset: offset, kind: .call(name, arguments, builtin: builtin != nil))
    }

    private mutating func parseList(at open: Token) throws(ExpressionError) -> Node {
        _ = try advance()
        try enter(at: open.offset)
        var elements: [Node] = []
        if isSymbol(.closeBracket) {
            _ = try advance()
        } else {
            elements.append(try parseOrRequired(after: open, what: "a list element or ']'"))
            while true {
                if isSymbol(.closeBracket) {
                    _ = try advance()
                    break
                }
                if isSymbol(.comma) {
                    let comma = try advance()
                    elements.append(try parseOrRequired(after: comma, what: "a list element"))
                    continue
                }
                if current.kind == .end {
                    throw ExpressionError(.syntax, "expected ']' to close the list, found end of expression", offset: current.offset)
                }
                throw ExpressionError(.syntax, "expected ',' or ']' after a list element, found \(current.shown)", offset: current.offset)
            }
        }
        leave()
        return Node(offset: open.offset, kind: .list(elements))
    }

    /// An operand that must be there, with `what` naming it when it is not.
    private mutating func parseOrRequired(after: Token, what: String) throws(ExpressionError) -> Node {
        if startsOperand { return try parseOr(after: after) }
        throw expectedValue(after: after, what: what)
    }

    /// Whether the current token can begin an expression.
    private var startsOperand: Bool {
        switch current.kind {
        case .integer, .decimal, .string, .identifier, .boolean: true
        case .symbol(let symbol): symbol == .openParen || symbol == .openBracket || symbol == .not || symbol == .minus
        case .end: false
        }
    }
}
