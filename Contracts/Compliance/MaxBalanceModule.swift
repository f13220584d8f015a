import MintSimChain
import MintSimPrimitives

/// T-REX's MaxBalanceModule: caps what one investor ONCHAINID may hold. Balances are tracked per
/// identity through the hooks, so a compliance binds it only while the token has no supply, or after
/// its owner has preset the identities' balances.
public struct MaxBalanceModule: ComplianceModule {
    public static let kind = "max-balance-module"
    public var kind: String { Self.kind }
    public static let moduleName = "MaxBalanceModule"
    public static let isPlugAndPlay = false

    public init() {}
    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode("constructor()", arguments, kind: Self.kind)
    }

    static let presetSlot: UInt32 = 0
    static let maxSlot: UInt32 = 1
    static let balanceSlot: UInt32 = 2

    public enum Function: UInt32, FunctionSet {
        case setMaxBalance = 0x9d51_d9b7
        case preSetModuleState = 0xf7c4_722c
        case batchPreSetModuleState = 0x8f27_c0eb
        case presetCompleted = 0xdd50_b74c
        case getIDBalance = 0xcc20_3f75

        public var declaration: String {
            switch self {
            case .setMaxBalance: return "function setMaxBalance(uint256 _max)"
            case .preSetModuleState: return "function preSetModuleState(address _compliance, address _id, uint256 _balance)"
            case .batchPreSetModuleState:
                return "function batchPreSetModuleState(address _compliance, address[] _id, uint256[] _balance)"
            case .presetCompleted: return "function presetCompleted(address _compliance)"
            case .getIDBalance: return "function getIDBalance(address _compliance, address _identity) view returns (uint256)"
            }
        }
    }

    public static let events = [
        "event MaxBalanceSet(address indexed _compliance, uint256 indexed _maxBalance)",
        "event IDBalancePreSet(address indexed _compliance, address indexed _id, uint256 _balance)",
    ]
    public static let errors = [
        "error MaxBalanceExceeded(address _compliance, uint256 _value)",
        "error InvalidPresetValues(address _compliance, address[] _id, uint256[] _balance)",
        "error OnlyComplianceOwnerCanCall(address _compliance)", "error TokenAlreadyBound(address _compliance)",
    ]
    static let maxBalanceSet = topic("MaxBalanceSet(address,uint256)")
    static let idBalancePreSet = topic("IDBalancePreSet(address,address,uint256)")

    public static func maxBalance(_ context: ExecutionContext, compliance: Address) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(maxSlot, compliance))
    }

    public static func balance(_ context: ExecutionContext, compliance: Address, identity: Address) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(balanceSlot, compliance, identity))
    }

    static func setBalance(_ context: ExecutionContext, _ compliance: Address, _ identity: Address, _ value: UInt256) throws(Revert) {
        try context.storeWord(StorageKey(balanceSlot, compliance, identity), value)
    }

    /// `_getIdentity`: the wallet's ONCHAINID; "identity not found" when it has none.
    static func identity(_ context: ExecutionContext, _ compliance: Address, _ user: Address) throws(Revert) -> Address {
        let identity = try ModuleCore.identity(context, compliance: compliance, user: user)
        if identity == .zero { throw Revert.reason("identity not found") }
        return identity
    }

    public static func canBind(_ context: ExecutionContext, compliance: Address) throws(Revert) -> Bool {
        if try !context.loadWord(StorageKey(presetSlot, compliance)).isZero { return true }
        return try ModuleCore.totalSupply(context, compliance: compliance).isZero
    }

    public static func refusal(_ context: ExecutionContext, from: Address, to: Address, value: UInt256, compliance: Address) throws(Revert)
        -> String?
    {
        let max = try maxBalance(context, compliance: compliance)
        if value > max { return "\(kind): \(value) is more than the maximum balance \(max)" }
        let id = try identity(context, compliance, to)
        let held = try balance(context, compliance: compliance, identity: id)
        if try ModuleCore.add(held, value) > max {
            return "\(kind): receiver's identity \(id) would hold \(held) + \(value), more than the maximum balance \(max)"
        }
        return nil
    }

    public static func transferAction(_ context: ExecutionContext, from: Address, to: Address, value: UInt256) throws(Revert) {
        let compliance = context.sender
        let idFrom = try identity(context, compliance, from)
        let idTo = try identity(context, compliance, to)
        let toBalance = try ModuleCore.add(try balance(context, compliance: compliance, identity: idTo), value)
        try setBalance(context, compliance, idTo, toBalance)
        try setBalance(context, compliance, idFrom, try ModuleCore.sub(try balance(context, compliance: compliance, identity: idFrom), value))
        if try balance(context, compliance: compliance, identity: idTo) > maxBalance(context, compliance: compliance) {
            throw Revert.error("MaxBalanceExceeded(address,uint256)", [.address(compliance), .uint(value)])
        }
    }

    public static func mintAction(_ context: ExecutionContext, to: Address, value: UInt256) throws(Revert) {
        let compliance = context.sender
        let idTo = try identity(context, compliance, to)
        let toBalance = try ModuleCore.add(try balance(context, compliance: compliance, identity: idTo), value)
        try setBalance(context, compliance, idTo, toBalance)
        if toBalance > (try maxBalance(context, compliance: compliance)) {
            throw Revert.error("MaxBalanceExceeded(address,uint256)", [.address(compliance), .uint(value)])
        }
    }

    public static func burnAction(_ context: ExecutionContext, from: Address, value: UInt256) throws(Revert) {
        let compliance = context.sender
        let idFrom = try identity(context, compliance, from)
        try setBalance(context, compliance, idFrom, try ModuleCore.sub(try balance(context, compliance: compliance, identity: idFrom), value))
    }

    /// The preset guards: the caller owns the compliance, and this module is not bound to it yet.
    static func checkPreset(_ context: ExecutionContext, _ compliance: Address) throws(Revert) {
        let owner = try ExternalCall.call(context, compliance, "owner()(address)", []).first?.addressValue ?? .zero
        if owner != context.sender { throw Revert.error("OnlyComplianceOwnerCanCall(address)", [.address(compliance)]) }
        let bound = try ExternalCall.call(context, compliance, "isModuleBound(address)(bool)", [.address(context.address)]).first?.boolValue
        if bound == true { throw Revert.error("TokenAlreadyBound(address)", [.address(compliance)]) }
    }

    static func preset(_ context: ExecutionContext, _ compliance: Address, _ id: Address, _ value: UInt256) throws(Revert) {
        try setBalance(context, compliance, id, value)
        try context.emit(topics: [idBalancePreSet, compliance.word32, id.word32], data: value.bytes32)
    }

    public static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .setMaxBalance:
            let max = try Arguments(context, words: 1).uint(0)
            try ModuleCore.checkComplianceCall(context)
            try context.storeWord(StorageKey(maxSlot, context.sender), max)
            try context.emit(topics: [maxBalanceSet, context.sender.word32, max.word32], data: [])
            return []
        case .preSetModuleState:
            let args = try Arguments(context, words: 3)
            let compliance = try args.address(0), id = try args.address(1)
            try checkPreset(context, compliance)
            try preset(context, compliance, id, args.uint(2))
            return []
        case .batchPreSetModuleState:
            let values = try context.decodeArguments([.address, .array(.address), .array(.uint(256))])
            let compliance = values[0].addressValue, ids = values[1].addressArray, balances = values[2].uintArray
            if ids.isEmpty || ids.count != balances.count {
                throw Revert.error("InvalidPresetValues(address,address[],uint256[])", [values[0], values[1], values[2]])
            }
            try checkPreset(context, compliance)
            for (id, value) in zip(ids, balances) { try preset(context, compliance, id, value) }
            try context.storeWord(StorageKey(presetSlot, compliance), .one)
            return []
        case .presetCompleted:
            let compliance = try Arguments(context, words: 1).address(0)
            let owner = try ExternalCall.call(context, compliance, "owner()(address)", []).first?.addressValue ?? .zero
            if owner != context.sender { throw Revert.error("OnlyComplianceOwnerCanCall(address)", [.address(compliance)]) }
            try context.storeWord(StorageKey(presetSlot, compliance), .one)
            return []
        case .getIDBalance:
            let args = try Arguments(context, words: 2)
            let compliance = try args.address(0), id = try args.address(1)
            return Returns.uint(try balance(context, compliance: compliance, identity: id))
        }
    }
}
