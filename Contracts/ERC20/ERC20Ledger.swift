import MintSimChain
import MintSimPrimitives

/// The core of OpenZeppelin's ERC20: balances, allowances, total supply and the checks of
/// `_transfer`, `_mint`, `_burn`, `_approve`, `_spendAllowance` and `_update`, in their order.
/// Token models add their hooks (pause, cap, compliance) around `update`.
public enum ERC20Ledger {
    static let balancesSlot: UInt32 = 0
    static let allowancesSlot: UInt32 = 1
    static let totalSupplyKey = StorageKey(2)

    static let transferEvent = topic("Transfer(address,address,uint256)")
    static let approvalEvent = topic("Approval(address,address,uint256)")

    public static let events = [
        "event Transfer(address indexed from, address indexed to, uint256 value)",
        "event Approval(address indexed owner, address indexed spender, uint256 value)",
    ]

    public static let errors = [
        "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
        "error ERC20InvalidSender(address sender)",
        "error ERC20InvalidReceiver(address receiver)",
        "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
        "error ERC20InvalidApprover(address approver)",
        "error ERC20InvalidSpender(address spender)",
    ]

    public static func balance(_ context: ExecutionContext, of account: Address) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(balancesSlot, account))
    }

    /// The balance `balanceOf` answers, read from the chain's current state without a call (for
    /// tools that read many balances, such as scenario invariants). Only for models built on this
    /// ledger: `erc20` and `security-token`.
    public static func balance(on chain: Chain, token: Address, of account: Address) -> UInt256 {
        if case .word(let value)? = chain.storage(of: token, StorageKey(balancesSlot, account)) { return value }
        return .zero
    }

    /// The total supply, read as `balance(on:token:of:)` reads a balance.
    public static func totalSupply(on chain: Chain, token: Address) -> UInt256 {
        if case .word(let value)? = chain.storage(of: token, totalSupplyKey) { return value }
        return .zero
    }

    /// The kinds whose balances and supply are this ledger's.
    public static let kinds: Set<String> = ["erc20", "security-token"]

    public static func totalSupply(_ context: ExecutionContext) throws(Revert) -> UInt256 {
        try context.loadWord(totalSupplyKey)
    }

    public static func allowance(_ context: ExecutionContext, owner: Address, spender: Address) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(allowancesSlot, owner, spender))
    }

    /// `_update` without hooks: moves `value` from `from` to `to`, minting when `from` is zero and
    /// burning when `to` is zero; always emits Transfer.
    public static func update(_ context: ExecutionContext, from: Address, to: Address, value: UInt256) throws(Revert) {
        if from == .zero {
            let supply = try totalSupply(context)
            guard let increased = try? supply.adding(value) else { throw Revert.panic(0x11) }
            try context.storeWord(totalSupplyKey, increased)
        } else {
            let key = StorageKey(balancesSlot, from)
            let fromBalance = try context.loadWord(key)
            guard fromBalance >= value else {
                throw Revert.error(
                    "ERC20InsufficientBalance(address,uint256,uint256)", [.address(from), .uint(fromBalance), .uint(value)])
            }
            try context.storeWord(key, fromBalance &- value)
        }
        if to == .zero {
            try context.storeWord(totalSupplyKey, try totalSupply(context) &- value)
        } else {
            let key = StorageKey(balancesSlot, to)
            try context.storeWord(key, try context.loadWord(key) &+ value)  // cannot overflow: bounded by the supply
        }
        try context.emit(topics: [transferEvent, from.word32, to.word32], data: value.bytes32)
    }

    /// `_transfer`'s zero-address checks.
    public static func checkTransfer(from: Address, to: Address) throws(Revert) {
        if from == .zero { throw invalidSender(.zero) }
        if to == .zero { throw invalidReceiver(.zero) }
    }

    /// `_approve(owner, spender, value, emitEvent)`.
    public static func approve(
        _ context: ExecutionContext, owner: Address, spender: Address, value: UInt256, emitEvent: Bool = true
    ) throws(Revert) {
        if owner == .zero { throw Revert.error("ERC20InvalidApprover(address)", [.address(.zero)]) }
        if spender == .zero { throw Revert.error("ERC20InvalidSpender(address)", [.address(.zero)]) }
        try context.storeWord(StorageKey(allowancesSlot, owner, spender), value)
        if emitEvent {
            try context.emit(topics: [approvalEvent, owner.word32, spender.word32], data: value.bytes32)
        }
    }

    /// `_spendAllowance`: an infinite allowance (2²⁵⁶−1) is not decreased; no Approval event.
    public static func spendAllowance(_ context: ExecutionContext, owner: Address, spender: Address, value: UInt256) throws(Revert) {
        let current = try allowance(context, owner: owner, spender: spender)
        guard current != .max else { return }
        guard current >= value else {
            throw Revert.error(
                "ERC20InsufficientAllowance(address,uint256,uint256)", [.address(spender), .uint(current), .uint(value)])
        }
        try approve(context, owner: owner, spender: spender, value: current &- value, emitEvent: false)
    }

    public static func invalidSender(_ address: Address) -> Revert {
        Revert.error("ERC20InvalidSender(address)", [.address(address)])
    }

    public static func invalidReceiver(_ address: Address) -> Revert {
        Revert.error("ERC20InvalidReceiver(address)", [.address(address)])
    }
}
