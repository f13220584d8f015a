import MintSimPrimitives
import Testing
@testable import MintSimScenario

/// Records what the evaluator asked the environment, to check short-circuits and name resolution.
private final class Recorder {
    var names: [String] = []
    var calls: [String] = []
}

/// Two tokens (ACME over its cap, PAUSED paused and empty), two accounts, and functions in the shape
/// the scenario runner gives them. Tokens stay symbolic names; accounts resolve to addresses.
private struct FakeEnvironment: ExpressionEnvironment {
    struct Token {
        var decimals: Int
        var cap: UInt256
        var paused: Bool
        var balances: [Address: UInt256]
    }

    static let alice = Address.devAccount("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
    static let bob = Address.devAccount("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")

    var tokens: [String: Token] = [
        "ACME": Token(decimals: 18, cap: 1000, paused: false, balances: [Self.alice: 700, Self.bob: 500]),
        "PAUSED": Token(decimals: 0, cap: 10, paused: true, balances: [:]),
    ]
    var accounts: [String: Address] = ["alice": Self.alice, "bob": Self.bob, "ops-wallet": Self.bob]
    let recorder = Recorder()

    func value(ofName name: String) throws(ExpressionError) -> ExpressionValue {
        recorder.names.append(name)
        if tokens[name] != nil { return .name(name) }
        if let address = accounts[name] { return .address(address) }
        if name == "zero" { return .integer(0) }
        throw ExpressionError(.unknownName, "unknown name '\(name)'")
    }

    func call(_ function: String, _ arguments: [ExpressionValue]) throws(ExpressionError) -> ExpressionValue {
        recorder.calls.append(function)
        switch function {
        case "totalSupply":
            return .integer(try token(arguments, 0).balances.values.reduce(UInt256.zero) { $0 &+ $1 })
        case "cap": return .integer(try token(arguments, 0).cap)
        case "paused": return .boolean(try token(arguments, 0).paused)
        case "balances":
            return .list(try token(arguments, 0).balances.sorted { $0.key < $1.key }.map { .integer($0.value) })
        case "balance":
            let holder = try account(arguments, 1)
            return .integer(try token(arguments, 0).balances[holder] ?? .zero)
        case "units":
            let decimals = try token(arguments, 0).decimals
            let text: String
            switch arguments.count > 1 ? arguments[1] : .boolean(false) {
            case .integer(let value): text = value.description
            case .decimal(let value): text = value
            default: throw ExpressionError(.invalidArgument, "units expects an amount as argument 2", argument: 1)
            }
            do {
                return .integer(try UInt256(amount: text, decimals: decimals))
            } catch {
                throw ExpressionError(.invalidArgument, error.message, argument: 1)
            }
        case "echo": return .list(arguments)
        case "flag": return .boolean(true)
        default: throw ExpressionError(.unknownFunction, "unknown function '\(function)'")
        }
    }

    private func token(_ arguments: [ExpressionValue], _ index: Int) throws(ExpressionError) -> Token {
        guard arguments.indices.contains(index), case .name(let name) = arguments[index], let token = tokens[name] else {
            throw ExpressionError(.invalidArgument, "expected a token as argument \(index + 1)", argument: index)
        }
        return token
    }

    private func account(_ arguments: [ExpressionValue], _ index: Int) throws(ExpressionError) -> Address {
        if arguments.indices.contains(index) {
            switch arguments[index] {
            case .address(let address): return address
            case .string(let name): if let address = accounts[name] { return address }
            default: break
            }
        }
        throw ExpressionError(.invalidArgument, "expected an account as argument \(index + 1)", argument: index)
    }
}

private extension Address {
    static func devAccount(_ text: String) -> Address {
        (try? Address(text)) ?? .zero
    }
}

/// An error as a test compares it: every field, not only the code.
private struct Failure: Equatable, CustomStringConvertible {
    let code: ExpressionError.Code
    let message: String
    let offset: Int
    var description: String { "\(code) at \(offset): \(message)" }
}

private func evaluate(_ text: String, in environment: FakeEnvironment = FakeEnvironment()) throws -> ExpressionValue {
    try Expression(parsing: text).evaluate(in: environment)
}

/// The error reading or evaluating `text` gives, or nil.
private func failure(_ text: String, in environment: FakeEnvironment = FakeEnvironment()) -> Failure? {
    do {
        _ = try Expression(parsing: text).evaluate(in: environment)
        return nil
    } catch {
        return Failure(code: error.code, message: error.message, offset: error.offset)
    }
}

private func canonical(_ text: String) throws -> String { try Expression(parsing: text).description }

private let max256 = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

@Suite struct ExpressionTests {
    // MARK: Values and precedence

    @Test(arguments: [
        ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("10 - 3 - 2", 5), ("100 / 10 / 5", 2), ("17 % 5 * 2", 4),
        ("2 * 3 % 4", 2), ("20 - 6 / 3", 18), ("(20 - 6) / 3", 4), ("7 % 4 + 1", 4), ("1_000_000 + 0", 1_000_000),
        ("0xff", 255), ("0X10 + 0x0", 16), ("0xff_ff", 65_535), ("007", 7), ("min(3, 1, 2)", 1), ("max([4, 9, 2])", 9),
        ("min(5)", 5), ("max(2, 8)", 8), ("sum([])", 0), ("sum([1, 2, 3])", 6), ("count([1, true, []])", 3),
        ("count([])", 0), ("sum(balances(ACME))", 1200), ("units(ACME, 1000.5)", 0),
    ] as [(String, Int)])
    func integerResults(text: String, expected: Int) throws {
        let value = try evaluate(text)
        if text.hasPrefix("units") {
            #expect(value == .integer(try UInt256("1000500000000000000000")))
        } else {
            #expect(value == .integer(UInt256(expected)))
        }
    }

    @Test(arguments: [
        ("true || false && false", true), ("(true || false) && false", false), ("!false && false", false),
        ("!(1 == 2)", true), ("not 1 == 2", true), ("1 + 1 == 2 && 3 > 2", true), ("false or true and false", false),
        ("not not true", true), ("!!false", false), ("true and not false", true), ("1 < 2", true), ("2 < 2", false),
        ("2 <= 2", true), ("3 <= 2", false), ("3 > 2", true), ("2 > 2", false), ("2 >= 2", true), ("1 >= 2", false),
        ("2 == 2", true), ("2 != 2", false), ("[1, 2] == [1, 2]", true), ("[1, [2]] != [1, [3]]", true),
        ("true == true", true), ("true != false", true), ("'a' == \"a\"", true), ("'it\\'s' == \"it's\"", true),
        ("ACME == ACME", true), ("ACME == PAUSED", false), ("alice == alice", true), ("alice != bob", true),
        ("all([true, 1 < 2])", true), ("all([])", true), ("all([true, false])", false), ("any([])", false),
        ("any([false, true])", true), ("any([false])", false), ("0xff == 255", true),
        ("sum(balances(ACME)) == totalSupply(ACME)", true), ("totalSupply(ACME) <= cap(ACME)", false),
        ("paused(PAUSED) || totalSupply(PAUSED) > 0", true), ("paused(ACME) || totalSupply(ACME) > 0", true),
        ("balance(ACME, alice) + balance(ACME, bob) <= units(ACME, 1000.5)", true),
        ("balance(ACME, 'ops-wallet') == balance(ACME, bob)", true),
        ("0x" + String(repeating: "f", count: 64) + " == " + max256, true),
    ] as [(String, Bool)])
    func booleanResults(text: String, expected: Bool) throws {
        #expect(try evaluate(text) == .boolean(expected))
    }

    @Test func otherValues() throws {
        #expect(try evaluate("[1, true, 'x', 2.50, ACME, alice]") == .list([
            .integer(1), .boolean(true), .string("x"), .decimal("2.50"), .name("ACME"), .address(FakeEnvironment.alice),
        ]))
        #expect(try evaluate("1_000.000_5") == .decimal("1000.0005"))
        #expect(try evaluate("''") == .string(""))
        #expect(try evaluate("'a\\\\b\\\"c'") == .string("a\\b\"c"))
        #expect(try evaluate("'🚀 café'") == .string("🚀 café"))
        #expect(try evaluate("zero") == .integer(0))
        #expect(try evaluate(" \n\t 42 \r\n") == .integer(42))
    }

    @Test func valuesPrintAsTheLanguageWritesThem() {
        #expect(ExpressionValue.list([.integer(1), .boolean(false), .string("it's"), .decimal("1.5"), .name("ACME")]).description
            == "[1, false, 'it\\'s', 1.5, ACME]")
        #expect(ExpressionValue.address(FakeEnvironment.alice).description == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        #expect(ExpressionValue.list((1...12).map { .integer(UInt256($0)) }).brief == "[1, 2, 3, 4, 5, 6, 7, 8, … (12 elements)]")
    }

    @Test func longestChainsEvaluateWithoutDeepRecursion() throws {
        let text = String(repeating: "1+", count: 2047) + "1"
        #expect(text.count == 4095)
        #expect(try evaluate(text) == .integer(2048))
        let conjunction = Array(repeating: "true", count: 600).joined(separator: "&&")
        #expect(try evaluate(conjunction) == .boolean(true))
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = Expression.maximumDepth
        #expect(try evaluate(String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)) == .integer(1))
        #expect(try evaluate(String(repeating: "!", count: depth) + "true") == .boolean(true))
        #expect(try evaluate(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) != .boolean(false))
        #expect(try evaluate(String(repeating: "max(", count: depth) + "3" + String(repeating: ")", count: depth)) == .integer(3))
    }

    // MARK: Short-circuits and names

    @Test func logicalOperatorsShortCircuit() throws {
        let environment = FakeEnvironment()
        #expect(try evaluate("false && 1 / 0 == 0", in: environment) == .boolean(false))
        #expect(try evaluate("true || boom()", in: environment) == .boolean(true))
        #expect(try evaluate("flag() or boom()", in: environment) == .boolean(true))
        #expect(environment.recorder.calls == ["flag"])
        #expect(failure("false || boom()") == Failure(code: .unknownFunction, message: "unknown function 'boom'", offset: 9))
    }

    @Test func namesReachFunctionsAsTheEnvironmentResolvesThem() throws {
        let environment = FakeEnvironment()
        let value = try evaluate("echo(ACME, alice, 'ops-wallet', 1000.5, 7)", in: environment)
        #expect(value == .list([
            .name("ACME"), .address(FakeEnvironment.alice), .string("ops-wallet"), .decimal("1000.5"), .integer(7),
        ]))
        #expect(environment.recorder.names == ["ACME", "alice"])
        #expect(environment.recorder.calls == ["echo"])
    }

    @Test func readingNeedsNoEnvironmentAndListsCallsNamesAndStrings() throws {
        let expression = try Expression(parsing: "balance(ACME, alice) > sum(balances(TOKEN)) && f(g(x), 'y', min(1, 2))")
        #expect(expression.calls.map { "\($0.name)/\($0.arity)@\($0.offset)" } == ["balance/2@0", "balances/1@27", "f/3@47", "g/1@49"])
        #expect(expression.names.map { "\($0.name)@\($0.offset)" } == ["ACME@8", "alice@14", "TOKEN@36", "x@51"])
        #expect(expression.strings.map { "\($0.value)@\($0.offset)" } == ["y@55"])
        #expect(expression.text == "balance(ACME, alice) > sum(balances(TOKEN)) && f(g(x), 'y', min(1, 2))")
        #expect(Expression.builtinFunctions == ["sum", "count", "min", "max", "all", "any"])
        #expect(try Expression(parsing: "true and not false").names.isEmpty)
    }

    // MARK: Printing

    @Test(arguments: [
        ("totalSupply( ACME )<=cap(ACME)", "totalSupply(ACME) <= cap(ACME)"),
        ("a and not b or c", "a && !b || c"),
        ("(a + b) + c", "a + b + c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a * b) + c", "a * b + c"),
        ("a * (b + c)", "a * (b + c)"),
        ("a / (b * c) % d", "a / (b * c) % d"),
        ("not (a == b)", "!(a == b)"),
        ("not not x", "!!x"),
        ("!(a && b)", "!(a && b)"),
        ("(a || b) && c", "(a || b) && c"),
        ("a || (b || c)", "a || (b || c)"),
        ("((a))", "a"),
        ("(1 < 2) == true", "(1 < 2) == true"),
        ("\"it's\" == 'x'", "'it\\'s' == 'x'"),
        ("[1,2 , [ ]]", "[1, 2, []]"),
        ("1_000 + 0xFF + 1.50", "1_000 + 0xFF + 1.50"),
        ("f ( )", "f()"),
        ("!paused(ACME) and (supply(ACME) + 1) * 2 > max(1, [2])", "!paused(ACME) && (supply(ACME) + 1) * 2 > max(1, [2])"),
    ])
    func canonicalText(text: String, expected: String) throws {
        #expect(try canonical(text) == expected)
        #expect(try canonical(expected) == expected)
    }

    // MARK: Errors when reading

    @Test(arguments: [
        ("", "the expression is empty", 0),
        ("   \n ", "the expression is empty", 0),
        ("sum(balances(ACME)", "expected ')' after the arguments of sum, found end of expression", 18),
        ("sum(", "expected an argument of sum or ')' after '(', found end of expression", 4),
        ("sum(,)", "expected an argument of sum or ')' after '(', found ','", 4),
        ("balance(ACME alice)", "expected ',' or ')' after an argument of balance, found 'alice'", 13),
        ("balance(ACME,)", "expected an argument of balance after ',', found ')'", 13),
        ("totalSupply(ACME) = 5", "unexpected '=': did you mean '=='?", 18),
        ("a | b", "unexpected '|': did you mean '||'?", 2),
        ("a & b", "unexpected '&': did you mean '&&'?", 2),
        ("a $ b", "unknown character '$'", 2),
        ("balance(ACME, 'alice)", "unterminated string: the closing ' is missing", 14),
        ("\"abc", "unterminated string: the closing \" is missing", 0),
        ("'abc\\", "unterminated string: the closing ' is missing", 0),
        ("balance(ACME, 'a\\q')", "unknown escape '\\q' in a string: only \\\\, \\' and \\\" are escapes", 16),
        ("1 2", "unexpected '2' after the end of the expression", 2),
        ("paused(ACME) foo", "unexpected 'foo' after the end of the expression", 13),
        ("1 'x'", "unexpected string 'x' after the end of the expression", 2),
        ("1 + 2)", "unexpected ')': there is no '(' to close", 5),
        ("[1]]", "unexpected ']': there is no '[' to close", 3),
        (")", "expected a value, found ')'", 0),
        ("1 +", "expected a value after '+', found end of expression", 3),
        ("a and", "expected a value after 'and', found end of expression", 5),
        ("1 * * 2", "expected a value after '*', found '*'", 4),
        ("()", "expected a value after '(', found ')'", 1),
        ("(1 + 2", "expected ')' to close '(', found end of expression", 6),
        ("(1 2)", "expected ')' to close '(', found '2'", 3),
        ("[1, 2", "expected ']' to close the list, found end of expression", 5),
        ("[1 2]", "expected ',' or ']' after a list element, found '2'", 3),
        ("[1,]", "expected a list element after ',', found ']'", 3),
        ("[,]", "expected a list element or ']' after '[', found ','", 1),
        ("1 < 2 < 3", "comparisons do not chain: join them with '&&' (a < b && b < c) or add parentheses", 6),
        ("a == b != c", "comparisons do not chain: join them with '&&' (a < b && b < c) or add parentheses", 7),
        ("-5 < 3", "unexpected '-': there are no negative numbers", 0),
        ("3 * -5", "unexpected '-': there are no negative numbers", 4),
        ("1 == !true", "unexpected '!': a negation inside a comparison or arithmetic needs parentheses, as in a == (!b)", 5),
        ("1 + not x", "unexpected 'not': a negation inside a comparison or arithmetic needs parentheses, as in a == (!b)", 4),
        ("1.5.2", "'.2' is not a number: write a 0 before the point, as in 0.2", 3),
        (".5", "'.5' is not a number: write a 0 before the point, as in 0.5", 0),
        ("a.b", "unexpected '.'", 1),
        ("1.", "'1.' is not a number: digits must follow the decimal point", 0),
        ("1._5", "'1.' is not a number: digits must follow the decimal point", 0),
        ("12abc", "'12abc' is neither a number nor a name (names start with a letter or '_')", 0),
        ("0x", "'0x' has no hex digits", 0),
        ("0xfg", "'0xfg' is not a hex number: 'g' is not a hex digit", 0),
        ("1__000", "'1__000' is not a number: '_' may only stand between two digits", 0),
        ("1_", "'1_' is not a number: '_' may only stand between two digits", 0),
        ("1.5_", "'1.5_' is not a number: '_' may only stand between two digits", 0),
        ("0x_f", "'0x_f' is not a number: '_' may only stand between two digits", 0),
        ("supply ≤ 5", "unknown character '≤' (U+2264): did you mean '<='?", 7),
        ("a ≠ b", "unknown character '≠' (U+2260): did you mean '!='?", 2),
        ("café > 1", "unknown character 'é' (U+00E9): names are ASCII letters, digits and '_'; write other names as quoted strings", 3),
        ("‘x’", "unknown character '‘' (U+2018): quote strings with ' or \"", 0),
        ("'🚀🚀' == 1 🚀", "unknown character '🚀' (U+1F680)", 10),
        ("1\u{200B}+ 1", "unknown character U+200B", 1),
        ("1 +\u{7}1", "unknown character U+0007", 3),
    ] as [(String, String, Int)])
    func syntaxErrors(text: String, message: String, offset: Int) {
        #expect(failure(text) == Failure(code: .syntax, message: message, offset: offset))
    }

    @Test func numbersAboveTwoToThe256AreRefused() {
        let twoTo256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936"
        #expect(failure(max256) == nil)
        #expect(failure("1 + " + twoTo256) == Failure(code: .numberTooLarge, message: "the integer \(twoTo256) exceeds 2^256-1", offset: 4))
        #expect(failure(String(repeating: "9", count: 300)) == Failure(
            code: .numberTooLarge, message: "the integer 99999999999999999999…9999999999 (300 characters) exceeds 2^256-1", offset: 0))
        #expect(failure("0x1" + String(repeating: "0", count: 64)) == Failure(
            code: .numberTooLarge, message: "the integer 0x1" + String(repeating: "0", count: 64) + " exceeds 2^256-1", offset: 0))
        #expect(failure("0x" + String(repeating: "0", count: 100) + "1") == nil)
    }

    @Test func builtinsWithTheWrongNumberOfArgumentsAreRefusedWhenRead() {
        #expect(failure("sum(1, 2)") == Failure(code: .arity, message: "sum takes one argument (a list of integers), not 2", offset: 0))
        #expect(failure("1 + count()") == Failure(code: .arity, message: "count takes one argument (a list), not 0", offset: 4))
        #expect(failure("all([], [])") == Failure(code: .arity, message: "all takes one argument (a list of booleans), not 2", offset: 0))
        #expect(failure("min()") == Failure(code: .arity, message: "min takes a list or one or more integers, not 0 arguments", offset: 0))
    }

    @Test func hostileInputIsRefusedWithoutExhaustingTheStack() {
        let depth = Expression.maximumDepth
        let tooDeep = "the expression is nested too deeply: more than 64 levels of parentheses, lists, calls and negations"
        #expect(failure(String(repeating: "(", count: 4000)) == Failure(code: .tooDeep, message: tooDeep, offset: depth))
        #expect(failure(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1))
            == Failure(code: .tooDeep, message: tooDeep, offset: depth))
        #expect(failure(String(repeating: "not ", count: 1000) + "true") == Failure(code: .tooDeep, message: tooDeep, offset: 4 * depth))
        #expect(failure(String(repeating: "f(", count: 2000)) == Failure(code: .tooDeep, message: tooDeep, offset: 2 * depth + 1))
        #expect(failure(String(repeating: " ", count: 4095) + "1") == nil)
        #expect(failure(String(repeating: " ", count: 4096) + "1") == Failure(
            code: .tooLong, message: "the expression is too long: 4097 characters, at most 4096 are allowed", offset: 4096))
        let long = String(repeating: "1+", count: 2100) + "1"
        #expect(failure(long) == Failure(
            code: .tooLong, message: "the expression is too long: 4201 characters, at most 4096 are allowed", offset: 4096))
        #expect(failure(String(repeating: "🚀", count: 5000)) == Failure(
            code: .tooLong, message: "the expression is too long: 5000 characters, at most 4096 are allowed", offset: 4096))
    }

    // MARK: Errors when evaluating

    @Test(arguments: [
        ("3 - 5", ExpressionError.Code.arithmetic, "arithmetic underflow: 3 - 5 is negative", 2),
        ("7 / 0", .arithmetic, "division by zero: 7 / 0", 2),
        ("7 % (2 - 2)", .arithmetic, "modulo by zero: 7 % 0", 2),
        (max256 + " * 2", .arithmetic, "arithmetic overflow: \(max256) * 2 exceeds 2^256-1", 79),
        ("1 + " + max256, .arithmetic, "arithmetic overflow: 1 + \(max256) exceeds 2^256-1", 2),
        ("sum([\(max256), 1])", .arithmetic, "arithmetic overflow in sum: \(max256) + 1 exceeds 2^256-1", 4),
        ("1000.5 + 1", .type, "1000.5 is a decimal amount, not an integer: scale it to base units with units(TOKEN, 1000.5)", 0),
        ("totalSupply(ACME) <= 1_000.5", .type, "1000.5 is a decimal amount, not an integer: scale it to base units with units(TOKEN, 1000.5)", 21),
        ("1.5 == 1.5", .type, "1.5 is a decimal amount, not an integer: scale it to base units with units(TOKEN, 1.5)", 0),
        ("[1] == 1", .type, "cannot compare a list with an integer", 4),
        ("alice == 'alice'", .type, "cannot compare an address with a string", 6),
        ("ACME != alice", .type, "cannot compare a name with an address", 5),
        ("true < false", .type, "'<' compares integers, not booleans", 5),
        ("[1] >= [0]", .type, "'>=' compares integers, not lists", 4),
        ("true + 1", .type, "cannot apply '+' to a boolean and an integer", 5),
        ("2 * 'x'", .type, "cannot apply '*' to an integer and a string", 2),
        ("1 && true", .type, "'&&' expects true or false, but its left side is an integer", 0),
        ("false || 5", .type, "'||' expects true or false, but its right side is an integer", 9),
        ("!5", .type, "'!' expects true or false, not an integer", 1),
        ("not [true]", .type, "'!' expects true or false, not a list", 4),
        ("sum(5)", .type, "sum expects a list of integers, not an integer", 4),
        ("sum([1, true])", .type, "sum expects a list of integers, but element 2 is a boolean", 4),
        ("sum([1.5])", .type, "sum expects a list of integers, but element 1 is the decimal amount 1.5: scale it to base units with units(TOKEN, 1.5)", 4),
        ("count(1)", .type, "count expects a list, not an integer", 6),
        ("min([])", .invalidArgument, "min of an empty list has no value", 4),
        ("max([1, 'x'])", .type, "max expects a list of integers, but element 2 is a string", 4),
        ("max(1, [2])", .type, "max expects a list or integers, but argument 2 is a list", 7),
        ("min(1, 0.5)", .type, "min expects a list or integers, but argument 2 is the decimal amount 0.5: scale it to base units with units(TOKEN, 0.5)", 7),
        ("all([1])", .type, "all expects a list of booleans, but element 1 is an integer", 4),
        ("any(true)", .type, "any expects a list of booleans, not a boolean", 4),
        ("balance(ACME, carol) > 0", .unknownName, "unknown name 'carol'", 14),
        ("1 + supply(ACME)", .unknownFunction, "unknown function 'supply'", 4),
        ("balance(ACME, 5) > 0", .invalidArgument, "expected an account as argument 2", 14),
        ("balance(ACME) > 0", .invalidArgument, "expected an account as argument 2", 0),
        ("units(ACME, 0.0000000000000000001)", .invalidArgument,
         "invalid amount \"0.0000000000000000001\": 19 fractional digits but the token has 18 decimals", 12),
    ] as [(String, ExpressionError.Code, String, Int)])
    func evaluationErrors(text: String, code: ExpressionError.Code, message: String, offset: Int) throws {
        _ = try Expression(parsing: text)  // every one of these reads fine
        #expect(failure(text) == Failure(code: code, message: message, offset: offset))
    }

    // MARK: Checking and explaining

    @Test func checkRequiresTrueOrFalse() throws {
        let environment = FakeEnvironment()
        #expect(try Expression(parsing: "sum(balances(ACME)) == totalSupply(ACME)").check(in: environment))
        #expect(try !Expression(parsing: "totalSupply(ACME) <= cap(ACME)").check(in: environment))
        #expect(throws: ExpressionError(.notBoolean, "")) { try Expression(parsing: "totalSupply(ACME)").check(in: environment) }
        do {
            _ = try Expression(parsing: "totalSupply(ACME)").check(in: environment)
        } catch {
            #expect(Failure(code: error.code, message: error.message, offset: error.offset)
                == Failure(code: .notBoolean, message: "the invariant gives an integer (1200), not true or false", offset: 0))
        }
        do {
            _ = try Expression(parsing: "  [1, 2]").check(in: environment, as: "assertion")
        } catch {
            #expect(Failure(code: error.code, message: error.message, offset: error.offset)
                == Failure(code: .notBoolean, message: "the assertion gives a list ([1, 2]), not true or false", offset: 2))
        }
    }

    @Test(arguments: [
        ("totalSupply(ACME) <= cap(ACME)", "totalSupply(ACME) <= cap(ACME) is false: 1200 > 1000"),
        ("cap(ACME) > totalSupply(ACME)", "cap(ACME) > totalSupply(ACME) is false: 1000 < 1200"),
        ("totalSupply(ACME) != 1200", "totalSupply(ACME) != 1200 is false: 1200 == 1200"),
        ("sum(balances(ACME)) == totalSupply(ACME) and totalSupply(ACME) <= cap(ACME)",
         "totalSupply(ACME) <= cap(ACME) is false: 1200 > 1000"),
        ("paused(ACME) || totalSupply(PAUSED) > 0",
         "paused(ACME) || totalSupply(PAUSED) > 0 is false: paused(ACME) is false, totalSupply(PAUSED) > 0 is false (0 == 0)"),
        ("true && (paused(ACME) or 1 > 2 && 2 > 1)",
         "paused(ACME) || 1 > 2 && 2 > 1 is false: paused(ACME) is false, 1 > 2 is false (1 < 2)"),
        ("not (1 == 1)", "!(1 == 1) is false: 1 == 1"),
        ("!paused(PAUSED)", "!paused(PAUSED) is false: paused(PAUSED) is true"),
        ("all([true, 1 > 2, true])", "all([true, 1 > 2, true]) is false: element 2 of 3 is false"),
        ("any([])", "any([]) is false: the list is empty"),
        ("any([false, paused(ACME)])", "any([false, paused(ACME)]) is false: none of its 2 elements is true"),
        ("[1, 2] == [1, 3]", "[1, 2] == [1, 3] is false: [1, 2] != [1, 3]"),
        ("balances(ACME) == []", "balances(ACME) == [] is false: [500, 700] != []"),
        ("paused(ACME)", "paused(ACME) is false"),
        ("false", "false is false"),
    ])
    func explanationsOfFailures(text: String, expected: String) throws {
        #expect(try Expression(parsing: text).explainFailure(in: FakeEnvironment()) == expected)
    }

    @Test func nothingToExplainWhenTheExpressionHolds() throws {
        #expect(try Expression(parsing: "sum(balances(ACME)) == totalSupply(ACME)").explainFailure(in: FakeEnvironment()) == nil)
        #expect(throws: ExpressionError(.notBoolean, "")) { try Expression(parsing: "1").explainFailure(in: FakeEnvironment()) }
        #expect(throws: ExpressionError(.arithmetic, "")) { try Expression(parsing: "1 - 2 > 0").explainFailure(in: FakeEnvironment()) }
    }
}
