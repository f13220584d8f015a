import MintSimPrimitives

/// Why an expression could not be read or evaluated, and where: `offset` counts Unicode scalars
/// (code points, as YAML parsers count columns) from the start of the expression text, 0-based.
///
/// An environment throws these from `value(ofName:)` and `call(_:_:)` with any offset; the evaluator
/// moves the error to the name or call it came from, or to the argument numbered `argument` (0-based)
/// when the environment names one.
public struct ExpressionError: CodedError {
    public enum Code: Sendable, Equatable {
        /// The text is not an expression (unknown character, missing operand, unbalanced bracket…).
        case syntax
        /// More than `Expression.maximumLength` characters.
        case tooLong
        /// More than `Expression.maximumDepth` levels of parentheses, lists, calls and negations.
        case tooDeep
        /// An integer literal above 2^256-1.
        case numberTooLarge
        /// A built-in function called with the wrong number of arguments.
        case arity
        /// A value of the wrong kind for an operator or function.
        case type
        /// Overflow, underflow or division by zero.
        case arithmetic
        /// An argument of the right kind the function still cannot use (the minimum of an empty list…).
        case invalidArgument
        /// A name the environment does not know.
        case unknownName
        /// A function the environment does not provide.
        case unknownFunction
        /// An invariant or assertion whose value is not true or false.
        case notBoolean
        /// Anything else an environment reports (a failed read, …).
        case environment
    }

    public let code: Code
    public let message: String
    /// 0-based offset in Unicode scalars into the expression text.
    public let offset: Int
    /// For an error an environment's `call` throws: the argument at fault (0-based), if any.
    public let argument: Int?

    public init(_ code: Code, _ message: String, offset: Int = 0, argument: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.argument = argument
    }

    /// The same error placed at `offset`.
    func located(at offset: Int) -> ExpressionError {
        ExpressionError(code, message, offset: offset, argument: argument)
    }
}
