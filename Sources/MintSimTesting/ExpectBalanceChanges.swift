/// Runs `body` and expects the token balances of the accounts listed to change by the amounts
/// given, as hardhat-chai-matchers' `changeTokenBalances` does: `[alice: -100, bob: +100]`
/// (accounts not listed may change too). `token` is an ERC-20 (or ERC-721: its number of tokens),
/// or an ERC-1155 with `id`. Returns what `body` returns; on a mismatch throws an
/// `ExpectationFailure` listing every account's expected and actual change.
@discardableResult
public func expectBalanceChanges<T>(
    _ token: Contract, _ changes: KeyValuePairs<Address, BalanceChange>, id: UInt256? = nil,
    file: String = #filePath, line: Int = #line, _ body: () throws -> T
) throws -> T {
    var seen = Set<Address>()
    for (account, change) in changes {
        guard seen.insert(account).inserted else {
            throw ExpectationFailure("\(token.label(account)) is listed twice", file: file, line: line)
        }
        guard !change.outOfRange else {
            throw ExpectationFailure(
                "the expected change of \(token.label(account)) is beyond ±(2^256 - 1), more than a balance can change",
                file: file, line: line)
        }
    }
    let accounts = changes.map(\.key)
    let before = try balances(token, accounts, id: id)
    let result = try body()
    let after = try balances(token, accounts, id: id)
    let actual = zip(before, after).map { BalanceChange(from: $0, to: $1) }
    guard zip(changes.map(\.value), actual).contains(where: { $0 != $1 }) else { return result }
    let lines = zip(changes, actual).map { expected, actual in
        "  \(token.label(expected.key)): expected \(expected.value), got \(actual)" + (expected.value == actual ? "" : " (differs)")
    }
    let what = id.map { "token \($0) of \(token.kind) \(token.address)" } ?? "\(token.kind) \(token.address)"
    throw ExpectationFailure("balance changes of \(what) differ:\n" + lines.joined(separator: "\n"), file: file, line: line)
}

private func balances(_ token: Contract, _ accounts: [Address], id: UInt256?) throws -> [UInt256] {
    var out: [UInt256] = []
    for account in accounts {
        if let id {
            out.append(try token.balance(of: account, id: id))
        } else {
            out.append(try token.balance(of: account))
        }
    }
    return out
}
