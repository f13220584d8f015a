import MintSimPrimitives

struct Token: Sendable {
    enum Kind: Equatable, Sendable {
        case integer(UInt256)
        case decimal(String)
        case string(String)
        case identifier(String)
        case boolean(Bool)
        case symbol(Symbol)
        case end
    }

    enum Symbol: String, Sendable {
        case or = "||", and = "&&", not = "!"
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
        case openParen = "(", closeParen = ")", openBracket = "[", closeBracket = "]", comma = ","
    }

    let kind: Kind
    let offset: Int
    /// The token as written.
    let spelling: String

    /// How a message names the token it found: `end of expression`, `the string 'abc'`, `'foo'`.
    var shown: String {
        if case .string = kind { return "the " + unexpected }
        return unexpected
    }

    /// How a message names the token after "unexpected": `string 'abc'`, `'foo'`.
    var unexpected: String {
        switch kind {
        case .end: "end of expression"
        case .string: "string \(Lexer.shorten(spelling))"
        default: "'\(Lexer.shorten(spelling))'"
        }
    }
}

/// Reads tokens one at a time, so that the first problem in reading order is the one reported.
struct Lexer {
    let scalars: [Unicode.Scalar]
    private(set) var position = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
    }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    static func isHexDigit(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }
    static func isWordCharacter(_ c: Unicode.Scalar) -> Bool { isLetter(c) || isDigit(c) }
    static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }

    /// Long spellings cut to 40 characters for messages.
    static func shorten(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 40 else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(30))) + "…" + String(String.UnicodeScalarView(scalars.suffix(5)))
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    private func text(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(scalars[range]))
    }

    mutating func next() throws(ExpressionError) -> Token {
        while let c = peek(), Lexer.isSpace(c) { position += 1 }
        let start = position
        guard let c = peek() else { return Token(kind: .end, offset: start, spelling: "") }
        if Lexer.isLetter(c) {
            while let d = peek(), Lexer.isWordCharacter(d) { position += 1 }
            let word = text(start..<position)
            let kind: Token.Kind = switch word {
            case "true": .boolean(true)
            case "false": .boolean(false)
            case "and": .symbol(.and)
            case "or": .symbol(.or)
            case "not": .symbol(.not)
            default: .identifier(word)
            }
            return Token(kind: kind, offset: start, spelling: word)
        }
        if Lexer.isDigit(c) { return try number() }
        if c == "'" || c == "\"" { return try string(quote: c) }
        return try symbol(c)
    }

    private mutating func symbol(_ c: Unicode.Scalar) throws(ExpressionError) -> Token {
        let start = position
        let second = peek(1)
        func make(_ symbol: Token.Symbol) -> Token {
            position += symbol.rawValue.unicodeScalars.count
            return Token(kind: .symbol(symbol), offset: start, spelling: symbol.rawValue)
        }
        switch c {
        case "|":
            guard second == "|" else { throw ExpressionError(.syntax, "unexpected '|': did you mean '||'?", offset: start) }
            return make(.or)
        case "&":
            guard second == "&" else { throw ExpressionError(.syntax, "unexpected '&': did you mean '&&'?", offset: start) }
            return make(.and)
        case "=":
            guard second == "=" else { throw ExpressionError(.syntax, "unexpected '=': did you mean '=='?", offset: start) }
            return make(.equal)
        case "!": return make(second == "=" ? .notEqual : .not)
        case "<": return make(second == "=" ? .lessOrEqual : .less)
        case ">": return make(second == "=" ? .greaterOrEqual : .greater)
        case "+": return make(.plus)
        case "-": return make(.minus)
        case "*": return make(.star)
        case "/": return make(.slash)
        case "%": return make(.percent)
        case "(": return make(.openParen)
        case ")": return make(.closeParen)
        case "[": return make(.openBracket)
        case "]": return make(.closeBracket)
        case ",": return make(.comma)
        case ".":
            if let d = second, Lexer.isDigit(d) {
                position += 1
                while let d = peek(), Lexer.isWordCharacter(d) { position += 1 }
                let written = text(start..<position)
                throw ExpressionError(.syntax, "'\(Lexer.shorten(written))' is not a number: write a 0 before the point, as in 0\(Lexer.shorten(written))", offset: start)
            }
            throw ExpressionError(.syntax, "unexpected '.'", offset: start)
        default:
            throw ExpressionError(.syntax, Lexer.unknownCharacter(c), offset: start)
        }
    }

    static func unknownCharacter(_ c: Unicode.Scalar) -> String {
        let hex = String(c.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if c.isASCII {
            if c.value < 0x20 || c.value == 0x7F { return "unknown character \(code)" }
            return "unknown character '\(c)'"
        }
        let hint: String? = switch c {
        case "≤": "did you mean '<='?"
        case "≥": "did you mean '>='?"
        case "≠": "did you mean '!='?"
        case "−", "–", "—": "did you mean '-'?"
        case "×": "did you mean '*'?"
        case "÷": "did you mean '/'?"
        case "‘", "’", "“", "”": "quote strings with ' or \""
        default: c.properties.isAlphabetic
            ? "names are ASCII letters, digits and '_'; write other names as quoted strings" : nil
        }
        let visible = !(c.properties.isWhitespace || c.properties.generalCategory == .format
            || c.properties.generalCategory == .control || c.properties.generalCategory == .nonspacingMark)
        let shown = visible ? "'\(c)' (\(code))" : code
        return "unknown character \(shown)" + (hint.map { ": \($0)" } ?? "")
    }

    /// Checks that underscores in a run of digits stand between two digits.
    private func underscoresValid(_ digits: ArraySlice<Unicode.Scalar>) -> Bool {
        var previousWasDigit = false
        for d in digits {
            if d == "_" {
                if !previousWasDigit { return false }
                previousWasDigit = false
            } else {
                previousWasDigit = true
            }
        }
        return previousWasDigit
    }

    private mutating func number() throws(ExpressionError) -> Token {
        let start = position
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            position += 2
            while let d = peek(), Lexer.isWordCharacter(d) { position += 1 }
            let written = text(start..<position)
            let digits = scalars[(start + 2)..<position]
            if digits.isEmpty {
                throw ExpressionError(.syntax, "'\(written)' has no hex digits", offset: start)
            }
            if let bad = digits.first(where: { !Lexer.isHexDigit($0) && $0 != "_" }) {
                throw ExpressionError(.syntax, "'\(Lexer.shorten(written))' is not a hex number: '\(bad)' is not a hex digit", offset: start)
            }
            guard underscoresValid(digits) else {
                throw ExpressionError(.syntax, "'\(Lexer.shorten(written))' is not a number: '_' may only stand between two digits", offset: start)
            }
            let clean = String(String.UnicodeScalarView(digits.filter { $0 != "_" }))
            do {
                return Token(kind: .integer(try UInt256(digits: clean, radix: 16)), offset: start, spelling: written)
            } catch {
                throw ExpressionError(.numberTooLarge, "the integer \(Lexer.shortenNumber(written)) exceeds 2^256-1", offset: start)
            }
        }
        while let d = peek(), Lexer.isDigit(d) || d == "_" { position += 1 }
        let wholeEnd = position
        var fraction: Range<Int>? = nil
        if peek() == "." {
            position += 1
            guard let d = peek(), Lexer.isDigit(d) else {
                throw ExpressionError(.syntax, "'\(Lexer.shorten(text(start..<position)))' is not a number: digits must follow the decimal point", offset: start)
            }
            let fractionStart = position
            while let d = peek(), Lexer.isDigit(d) || d == "_" { position += 1 }
            fraction = fractionStart..<position
        }
        if let d = peek(), Lexer.isWordCharacter(d) {
            while let d = peek(), Lexer.isWordCharacter(d) { position += 1 }
            throw ExpressionError(.syntax, "'\(Lexer.shorten(text(start..<position)))' is neither a number nor a name (names start with a letter or '_')", offset: start)
        }
        let written = text(start..<position)
        guard underscoresValid(scalars[start..<wholeEnd]), fraction.map({ underscoresValid(scalars[$0]) }) ?? true else {
            throw ExpressionError(.syntax, "'\(Lexer.shorten(written))' is not a number: '_' may only stand between two digits", offset: start)
        }
        let clean = String(written.filter { $0 != "_" })
        if fraction != nil {
            return Token(kind: .decimal(clean), offset: start, spelling: written)
        }
        do {
            return Token(kind: .integer(try UInt256(digits: clean, radix: 10)), offset: start, spelling: written)
        } catch {
            throw ExpressionError(.numberTooLarge, "the integer \(Lexer.shortenNumber(written)) exceeds 2^256-1", offset: start)
        }
    }

    /// A long number shown by its ends and length.
    static func shortenNumber(_ text: String) -> String {
        let count = text.unicodeScalars.count
        guard count > 80 else { return text }
        return "\(text.prefix(20))…\(text.suffix(10)) (\(count) characters)"
    }

    private mutating func string(quote: Unicode.Scalar) throws(ExpressionError) -> Token {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while let c = peek() {
            position += 1
            if c == quote {
                return Token(kind: .string(String(value)), offset: start, spelling: text(start..<position))
            }
            if c == "\\" {
                guard let escaped = peek() else { break }
                guard escaped == "\\" || escaped == "'" || escaped == "\"" else {
                    throw ExpressionError(.syntax, "unknown escape '\\\(escaped)' in a string: only \\\\, \\' and \\\" are escapes", offset: position - 1)
                }
                position += 1
                value.append(escaped)
            } else {
                value.append(c)
            }
        }
        throw ExpressionError(.syntax, "unterminated string: the closing \(quote) is missing", offset: start)
    }
}
