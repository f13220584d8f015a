import MintSimTesting

/// A test-only contract model whose refusals MintSim's kinds do not make: `withdraw(uint256)`
/// reverts with `Error(string)`, `unlock()` with the undeclared custom error `Locked(uint256)` and
/// an explanation, `panic()` with an arithmetic Panic, `open()` succeeds and emits nothing.
struct Vault: ContractModel {
    var kind: String { "vault" }
    static let unlockTime = UInt256(1_767_300_000)

    func construct(_ context: ExecutionContext) throws(Revert) {}

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch context.selector {
        case Self.selector("withdraw(uint256)"):
            throw Revert.reason("Vault: nothing to withdraw")
        case Self.selector("unlock()"):
            throw Revert.error("Locked(uint256)", [.uint(Self.unlockTime)], explanation: "the vault opens at 1767300000, it is \(context.timestamp)")
        case Self.selector("panic()"):
            throw Revert.panic(0x11)
        case Self.selector("open()"):
            return []
        default:
            throw Revert(data: [])
        }
    }

    static func selector(_ signature: String) -> [UInt8]? { (try? ABIFunction.cached(signature))?.selector }
}
