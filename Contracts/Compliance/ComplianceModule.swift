import MintSimChain
import MintSimPrimitives

/// A T-REX compliance module (IModule, AbstractModuleUpgradeable of T-REX 4.2): bound to any number
/// of modular compliances, each keeping its own settings in the module, keyed by the compliance's
/// address. Settings change only through the compliance's `callModuleFunction` (`onlyComplianceCall`);
/// the deployer owns the module.
public protocol ComplianceModule: ContractModel {
    associatedtype Function: FunctionSet
    /// The module's `name()`.
    static var moduleName: String { get }
    static var isPlugAndPlay: Bool { get }
    static var events: [String] { get }
    static var errors: [String] { get }
    /// `canComplianceBind(compliance)`, run in the module's context.
    static func canBind(_ context: ExecutionContext, compliance: Address) throws(Revert) -> Bool
    /// Why the module refuses a transfer of `value` from `from` to `to` (a mint when `from` is zero)
    /// for `compliance`: nil when `moduleCheck` is true. Runs in the module's context.
    static func refusal(_ context: ExecutionContext, from: Address, to: Address, value: UInt256, compliance: Address) throws(Revert)
        -> String?
    /// The hooks, run in the module's context with the compliance as `msg.sender` (already checked bound).
    static func transferAction(_ context: ExecutionContext, from: Address, to: Address, value: UInt256) throws(Revert)
    static func mintAction(_ context: ExecutionContext, to: Address, value: UInt256) throws(Revert)
    static func burnAction(_ context: ExecutionContext, from: Address, value: UInt256) throws(Revert)
    /// The module's own functions.
    static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8]
}

extension ComplianceModule {
    public static func canBind(_ context: ExecutionContext, compliance: Address) throws(Revert) -> Bool { true }
    public static func transferAction(_ context: ExecutionContext, from: Address, to: Address, value: UInt256) throws(Revert) {}
    public static func mintAction(_ context: ExecutionContext, to: Address, value: UInt256) throws(Revert) {}
    public static func burnAction(_ context: ExecutionContext, from: Address, value: UInt256) throws(Revert) {}

    public static var interface: ContractInterface {
        ContractInterface(
            ["constructor()"] + Function.declarations + ModuleCore.Function.declarations + OwnableTwoStep.Function.declarations
                + ModuleCore.events + events + OwnableTwoStep.events + ModuleCore.errors + errors + OwnableTwoStep.errors)
    }

    public func construct(_ context: ExecutionContext) throws(Revert) {
        try Ownable.setOwner(context, context.sender)
    }

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Function(rawValue: selector) { return try Self.call(function, context) }
        if let function = ModuleCore.Function(rawValue: selector) { return try ModuleCore.call(function, Self.self, context) }
        if let function = OwnableTwoStep.Function(rawValue: selector) { return try OwnableTwoStep.call(function, context) }
        throw Revert(data: [])
    }
}

/// What every module shares: compliance binding, the hooks' `onlyComplianceCall` guard, the IModule
/// views and ERC-165.
public enum ModuleCore {
    static let boundSlot: UInt32 = 90

    public enum Function: UInt32, FunctionSet {
        case bindCompliance = 0x4a93_2544
        case unbindCompliance = 0x0694_a5fb
        case isComplianceBound = 0x4cf4_d295
        case canComplianceBind = 0xbcc2_1053
        case isPlugAndPlay = 0xe6f5_e807
        case moduleCheck = 0x013b_7ce4
        case moduleTransferAction = 0x2cb7_e1ec
        case moduleMintAction = 0xf104_a8c9
        case moduleBurnAction = 0x3724_91a2
        case name = 0x06fd_de03
        case supportsInterface = 0x01ff_c9a7

        public var declaration: String {
            switch self {
            case .bindCompliance: return "function bindCompliance(address _compliance)"
            case .unbindCompliance: return "function unbindCompliance(address _compliance)"
            case .isComplianceBound: return "function isComplianceBound(address _compliance) view returns (bool)"
            case .canComplianceBind: return "function canComplianceBind(address _compliance) view returns (bool)"
            case .isPlugAndPlay: return "function isPlugAndPlay() pure returns (bool)"
            case .moduleCheck:
                return "function moduleCheck(address _from, address _to, uint256 _value, address _compliance) view returns (bool)"
            case .moduleTransferAction: return "function moduleTransferAction(address _from, address _to, uint256 _value)"
            case .moduleMintAction: return "function moduleMintAction(address _to, uint256 _value)"
            case .moduleBurnAction: return "function moduleBurnAction(address _from, uint256 _value)"
            case .name: return "function name() pure returns (string _name)"
            case .supportsInterface: return "function supportsInterface(bytes4 interfaceId) pure returns (bool)"
            }
        }
    }

    public static let events = [
        "event ComplianceBound(address indexed _compliance)", "event ComplianceUnbound(address indexed _compliance)",
    ]
    public static let errors = [
        "error ZeroAddress()", "error ComplianceAlreadyBound()", "error ComplianceNotBound()", "error OnlyBoundComplianceCanCall()",
        "error OnlyComplianceContractCanCall()",
    ]

    static let complianceBound = topic("ComplianceBound(address)")
    static let complianceUnbound = topic("ComplianceUnbound(address)")

    /// IModule's ERC-165 id.
    static let moduleInterfaceId = interfaceId([
        "bindCompliance(address)", "unbindCompliance(address)", "moduleTransferAction(address,address,uint256)",
        "moduleMintAction(address,uint256)", "moduleBurnAction(address,uint256)", "moduleCheck(address,address,uint256,address)",
        "isComplianceBound(address)", "canComplianceBind(address)", "isPlugAndPlay()", "name()",
    ])
    static let erc173InterfaceId: UInt32 = 0x7f58_28d0

    public static func isBound(_ context: ExecutionContext, _ compliance: Address) throws(Revert) -> Bool {
        try !context.loadWord(StorageKey(boundSlot, compliance)).isZero
    }

    /// `onlyComplianceCall`: OnlyBoundComplianceCanCall() unless the caller is a bound compliance.
    public static func checkComplianceCall(_ context: ExecutionContext) throws(Revert) {
        if try !isBound(context, context.sender) { throw Revert.error("OnlyBoundComplianceCanCall()") }
    }

    static func bind(_ context: ExecutionContext, _ compliance: Address) throws(Revert) {
        if compliance == .zero { throw Revert.error("ZeroAddress()") }
        if try isBound(context, compliance) { throw Revert.error("ComplianceAlreadyBound()") }
        if context.sender != compliance { throw Revert.error("OnlyComplianceContractCanCall()") }
        try context.storeWord(StorageKey(boundSlot, compliance), .one)
        try context.emit(topics: [complianceBound, compliance.word32], data: [])
    }

    static func unbind(_ context: ExecutionContext, _ compliance: Address) throws(Revert) {
        try checkComplianceCall(context)
        if compliance == .zero { throw Revert.error("ZeroAddress()") }
        if context.sender != compliance { throw Revert.error("OnlyComplianceContractCanCall()") }
        try context.storeWord(StorageKey(boundSlot, compliance), .zero)
        try context.emit(topics: [complianceUnbound, compliance.word32], data: [])
    }

    static func call<M: ComplianceModule>(_ function: Function, _ module: M.Type, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .bindCompliance:
            let args = try Arguments(context, words: 1)
            try bind(context, try args.address(0))
            return []
        case .unbindCompliance:
            let args = try Arguments(context, words: 1)
            try unbind(context, try args.address(0))
            return []
        case .isComplianceBound:
            let args = try Arguments(context, words: 1)
            return Returns.bool(try isBound(context, try args.address(0)))
        case .canComplianceBind:
            let args = try Arguments(context, words: 1)
            return Returns.bool(try M.canBind(context, compliance: try args.address(0)))
        case .isPlugAndPlay:
            return Returns.bool(M.isPlugAndPlay)
        case .moduleCheck:
            let args = try Arguments(context, words: 4)
            let from = try args.address(0), to = try args.address(1), compliance = try args.address(3)
            return Returns.bool(try M.refusal(context, from: from, to: to, value: args.uint(2), compliance: compliance) == nil)
        case .moduleTransferAction:
            let args = try Arguments(context, words: 3)
            let from = try args.address(0), to = try args.address(1)
            try checkComplianceCall(context)
            try M.transferAction(context, from: from, to: to, value: args.uint(2))
            return []
        case .moduleMintAction:
            let args = try Arguments(context, words: 2)
            let to = try args.address(0)
            try checkComplianceCall(context)
            try M.mintAction(context, to: to, value: args.uint(1))
            return []
        case .moduleBurnAction:
            let args = try Arguments(context, words: 2)
            let from = try args.address(0)
            try checkComplianceCall(context)
            try M.burnAction(context, from: from, value: args.uint(1))
            return []
        case .name:
            return Returns.string(M.moduleName)
        case .supportsInterface:
            let args = try Arguments(context, words: 1)
            let id = try args.bytes4(0)
            return Returns.bool(id == moduleInterfaceId || id == erc173InterfaceId || id == InterfaceId.erc165)
        }
    }

    // MARK: Reading the token (as T-REX modules do: compliance → token → identity registry)

    /// `IModularCompliance(compliance).getTokenBound()`.
    public static func token(_ context: ExecutionContext, compliance: Address) throws(Revert) -> Address {
        if let token = try context.callNative(compliance, as: ModularCompliance.self, { _, inner throws(Revert) in
            try ModularCompliance.tokenBound(inner)
        }) {
            return token
        }
        return try ExternalCall.call(context, compliance, "getTokenBound()(address)", []).first?.addressValue ?? .zero
    }

    /// The bound token's `identityRegistry()`.
    static func identityRegistry(_ context: ExecutionContext, compliance: Address) throws(Revert) -> Address {
        let token = try token(context, compliance: compliance)
        if let registry = try context.callNative(token, as: SecurityToken.self, { _, inner throws(Revert) in
            try SecurityToken.address(inner, SecurityToken.identityRegistryKey)
        }) {
            return registry
        }
        return try ExternalCall.call(context, token, "identityRegistry()(address)", []).first?.addressValue ?? .zero
    }

    /// `token.identityRegistry().investorCountry(user)`.
    static func country(_ context: ExecutionContext, compliance: Address, user: Address) throws(Revert) -> UInt16 {
        let registry = try identityRegistry(context, compliance: compliance)
        if let country = try context.callNative(registry, as: IdentityRegistry.self, { _, inner throws(Revert) in
            try IdentityRegistry.country(inner, user)
        }) {
            return country
        }
        let value = try ExternalCall.call(context, registry, "investorCountry(address)(uint16)", [.address(user)]).first
        return UInt16(truncatingIfNeeded: value?.uintValue.uint64 ?? 0)
    }

    /// `token.identityRegistry().identity(user)`.
    static func identity(_ context: ExecutionContext, compliance: Address, user: Address) throws(Revert) -> Address {
        let registry = try identityRegistry(context, compliance: compliance)
        if let identity = try context.callNative(registry, as: IdentityRegistry.self, { _, inner throws(Revert) in
            try IdentityRegistry.storedIdentity(inner, user)
        }) {
            return identity
        }
        return try ExternalCall.call(context, registry, "identity(address)(address)", [.address(user)]).first?.addressValue ?? .zero
    }

    /// The bound token's `totalSupply()`.
    static func totalSupply(_ context: ExecutionContext, compliance: Address) throws(Revert) -> UInt256 {
        let token = try token(context, compliance: compliance)
        if let supply = try context.callNative(token, as: SecurityToken.self, { _, inner throws(Revert) in
            try ERC20Ledger.totalSupply(inner)
        }) {
            return supply
        }
        return try ExternalCall.call(context, token, "totalSupply()(uint256)", []).first?.uintValue ?? .zero
    }

    /// Checked addition (Panic(0x11) on overflow, as Solidity 0.8).
    static func add(_ a: UInt256, _ b: UInt256) throws(Revert) -> UInt256 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw Revert.panic(0x11) }
        return sum
    }

    /// Checked subtraction (Panic(0x11) on underflow).
    static func sub(_ a: UInt256, _ b: UInt256) throws(Revert) -> UInt256 {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        if overflow { throw Revert.panic(0x11) }
        return difference
    }

    /// A `uint16[]` argument.
    static func countries(_ context: ExecutionContext) throws(Revert) -> [UInt16] {
        let values = try context.decodeArguments([.array(.uint(16))])
        return values.first?.uintArray.map { UInt16(truncatingIfNeeded: $0.uint64 ?? 0) } ?? []
    }

    static func emitCompliance(_ context: ExecutionContext, _ topic: Hash, indexedCompliance: Bool = false, _ value: UInt256) throws(Revert) {
        let compliance = context.sender
        if indexedCompliance {
            try context.emit(topics: [topic, compliance.word32], data: value.bytes32)
        } else {
            try context.emit(topics: [topic], data: compliance.word + value.bytes32)
        }
    }
}
