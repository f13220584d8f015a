import MintSimChain
import MintSimPrimitives

/// MintSim's MaxHoldersModule: caps how many wallets hold the token. A wallet is a holder while its
/// token balance is above zero; the count is kept from the token's balances after each mint, transfer
/// and burn. A transfer or mint to a wallet that holds nothing is refused while the count is at (or,
/// after a lowered maximum or a preset, above) the maximum, except a transfer that empties the sender's
/// wallet, which leaves the count unchanged. A maximum of 0 (the default) admits no holder, as
/// MaxBalanceModule's default admits no balance.
///
/// The hooks only count and never revert, so a forced transfer or recovery that skips the check may
/// take the count past the maximum; the count never goes below zero. Wallets are counted, not
/// investor identities. A compliance binds the module only while the token has no supply, unless its
/// owner has preset the current holder count with `preSetHolderCount` first.
public struct MaxHoldersModule: ComplianceModule {
    public static let kind = "max-holders-module"
    public var kind: String { Self.kind }
    public static let moduleName = "MaxHoldersModule"
    public static let isPlugAndPlay = false

    public init() {}
    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode("constructor()", arguments, kind: Self.kind)
    }

    static let presetSlot: UInt32 = 0
    static let maxSlot: UInt32 = 1
    static let holdersSlot: UInt32 = 2

    public enum Function: UInt32, FunctionSet {
        case setMaxHolders = 0x8365_066b
        case preSetHolderCount = 0xa747_e435
        case getMaxHolders = 0xda3e_f9b6
        case getHolderCount = 0xc3cf_edeb

        public var declaration: String {
            switch self {
            case .setMaxHolders: return "function setMaxHolders(uint256 _maxHolders)"
            case .preSetHolderCount: return "function preSetHolderCount(address _compliance, uint256 _holders)"
            case .getMaxHolders: return "function getMaxHolders(address _compliance) view returns (uint256)"
            case .getHolderCount: return "function getHolderCount(address _compliance) view returns (uint256)"
            }
        }
    }

    public static let events = [
        "event MaxHoldersSet(address indexed compliance, uint256 maxHolders)",
        "event HolderCountPreSet(address indexed compliance, uint256 holders)",
    ]
    public static let errors = ["error OnlyComplianceOwnerCanCall(address _compliance)", "error TokenAlreadyBound(address _compliance)"]
    static let maxHoldersSet = topic("MaxHoldersSet(address,uint256)")
    static let holderCountPreSet = topic("HolderCountPreSet(address,uint256)")

    public static func maxHolders(_ context: ExecutionContext, compliance: Address) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(maxSlot, compliance))
    }

    public static func holders(_ context: ExecutionContext, compliance: Address) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(holdersSlot, compliance))
    }

    static func setHolders(_ context: ExecutionContext, _ compliance: Address, _ value: UInt256) throws(Revert) {
        try context.storeWord(StorageKey(holdersSlot, compliance), value)
    }

    /// The bound token's `balanceOf(user)`.
    static func balance(_ context: ExecutionContext, _ compliance: Address, _ user: Address) throws(Revert) -> UInt256 {
        let token = try ModuleCore.token(context, compliance: compliance)
        return try ExternalCall.call(context, token, "balanceOf(address)(uint256)", [.address(user)]).first?.uintValue ?? .zero
    }

    public static func canBind(_ context: ExecutionContext, compliance: Address) throws(Revert) -> Bool {
        if try !context.loadWord(StorageKey(presetSlot, compliance)).isZero { return true }
        return try ModuleCore.totalSupply(context, compliance: compliance).isZero
    }

    public static func refusal(_ context: ExecutionContext, from: Address, to: Address, value: UInt256, compliance: Address) throws(Revert)
        -> String?
    {
        if to == .zero || value.isZero || from == to { return nil }
        if try !balance(context, compliance, to).isZero { return nil }
        let holders = try holders(context, compliance: compliance), max = try maxHolders(context, compliance: compliance)
        if holders < max { return nil }
        if from != .zero, try balance(context, compliance, from) == value { return nil }
        if holders == max { return "\(kind): \(holders) holders already, the maximum" }
        return "\(kind): \(holders) holders already, more than the maximum \(max)"
    }

    /// Counts the receiver when the transfer made it a holder and uncounts the sender when it emptied it
    /// (the token's balances are already updated).
    public static func transferAction(_ context: ExecutionContext, from: Address, to: Address, value: UInt256) throws(Revert) {
        if from == to || value.isZero { return }
        let compliance = context.sender
        var holders = try holders(context, compliance: compliance)
        if try balance(context, compliance, to) == value { holders = try ModuleCore.add(holders, .one) }
        if try balance(context, compliance, from).isZero, !holders.isZero { holders = holders &- .one }
        try setHolders(context, compliance, holders)
    }

    public static func mintAction(_ context: ExecutionContext, to: Address, value: UInt256) throws(Revert) {
        let compliance = context.sender
        if value.isZero { return }
        if try balance(context, compliance, to) == value {
            try setHolders(context, compliance, try ModuleCore.add(try holders(context, compliance: compliance), .one))
        }
    }

    public static func burnAction(_ context: ExecutionContext, from: Address, value: UInt256) throws(Revert) {
        let compliance = context.sender
        if value.isZero { return }
        let holders = try holders(context, compliance: compliance)
        if try balance(context, compliance, from).isZero, !holders.isZero { try setHolders(context, compliance, holders &- .one) }
    }

    public static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .setMaxHolders:
            let max = try Arguments(context, words: 1).uint(0)
            try ModuleCore.checkComplianceCall(context)
            try context.storeWord(StorageKey(maxSlot, context.sender), max)
            try ModuleCore.emitCompliance(context, maxHoldersSet, indexedCompliance: true, max)
            return []
        case .preSetHolderCount:
            let args = try Arguments(context, words: 2)
            let compliance = try args.address(0), holders = args.uint(1)
            try MaxBalanceModule.checkPreset(context, compliance)
            try setHolders(context, compliance, holders)
            try context.storeWord(StorageKey(presetSlot, compliance), .one)
            try context.emit(topics: [holderCountPreSet, compliance.word32], data: holders.bytes32)
            return []
        case .getMaxHolders:
            let compliance = try Arguments(context, words: 1).address(0)
            return Returns.uint(try maxHolders(context, compliance: compliance))
        case .getHolderCount:
            let compliance = try Arguments(context, words: 1).address(0)
            return Returns.uint(try holders(context, compliance: compliance))
        }
    }
}
