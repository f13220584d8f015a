/// What an expression's names and non-built-in functions mean: the scenario runner implements it over
/// the chain, tests implement it over a dictionary.
///
/// Every bare identifier is resolved through `value(ofName:)`, once for each time the evaluation
/// reaches it, and its value is what operators and functions see. The environment decides what a name
/// stands for: returning `.name(name)` keeps it symbolic (so `call` receives `.name("ACME")` and `==`
/// compares names), returning `.address(…)` or an integer makes it that value. Names that are not
/// identifiers (`ops-wallet`) are written as strings and reach `call` as `.string("ops-wallet")`.
///
/// Errors thrown here are placed by the evaluator at the name or call they come from (or at the
/// argument numbered `ExpressionError.argument`), so their own offset does not matter.
public protocol ExpressionEnvironment {
    /// Resolves a bare name (an account, a contract). Throws `.unknownName` for an unknown name.
    func value(ofName name: String) throws(ExpressionError) -> ExpressionValue
    /// Evaluates a function the runner provides (balance, balances, totalSupply, cap, paused, units, …),
    /// with its arguments evaluated left to right. Throws `.unknownFunction` for an unknown function.
    func call(_ function: String, _ arguments: [ExpressionValue]) throws(ExpressionError) -> ExpressionValue
}
