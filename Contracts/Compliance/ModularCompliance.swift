import MintSimChain
import MintSimPrimitives

/// T-REX 4.2's ModularCompliance: the rule book of one security token. The owner binds the token and
/// up to 25 modules; `canTransfer` is true when every module's `moduleCheck` is; the token reports
/// transfers, mints and burns (`transferred`, `created`, `destroyed`) so that modules can keep their
/// counters. Modules that are MintSim models are called directly, others through their ABI.
public struct ModularCompliance: ContractModel {
    public static let kind = "modular-compliance"
    public var kind: String { Self.kind }

    public init() {}

    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
    }

    public static let constructorDeclaration = "constructor()"

    static let tokenKey = StorageKey(0)
    static let moduleCountKey = StorageKey(1)
    static let modulesSlot: UInt32 = 2
    static let moduleBoundSlot: UInt32 = 3
    static let maxModules = 25

    public enum Function: UInt32, FunctionSet {
        case bindToken = 0x3ff5_aa02
        case unbindToken = 0x40db_3b50
        case addModule = 0x1ed8_6f19
        case removeModule = 0xa063_2461
        case addAndSetModule = 0x0a6d_7cf1
        case callModuleFunction = 0xefb2_2d33
        case transferred = 0x8baf_29b4
        case created = 0x5f8d_ead3
        case destroyed = 0x8d2e_a772
        case canTransfer = 0xe466_38e6
        case getModules = 0xb249_4df3
        case getTokenBound = 0x6a3e_df28
        case isTokenBound = 0x993e_8b95
        case isModuleBound = 0xa446_d49f
        case supportsInterface = 0x01ff_c9a7

        public var declaration: String {
            switch self {
            case .bindToken: return "function bindToken(address _token)"
            case .unbindToken: return "function unbindToken(address _token)"
            case .addModule: return "function addModule(address _module)"
            case .removeModule: return "function removeModule(address _module)"
            case .addAndSetModule: return "function addAndSetModule(address _module, bytes[] _interactions)"
            case .callModuleFunction: return "function callModuleFunction(bytes callData, address _module)"
            case .transferred: return "function transferred(address _from, address _to, uint256 _value)"
            case .created: return "function created(address _to, uint256 _value)"
            case .destroyed: return "function destroyed(address _from, uint256 _value)"
            case .canTransfer: return "function canTransfer(address _from, address _to, uint256 _value) view returns (bool)"
            case .getModules: return "function getModules() view returns (address[])"
            case .getTokenBound: return "function getTokenBound() view returns (address)"
            case .isTokenBound: return "function isTokenBound(address _token) view returns (bool)"
            case .isModuleBound: return "function isModuleBound(address _module) view returns (bool)"
            case .supportsInterface: return "function supportsInterface(bytes4 interfaceId) pure returns (bool)"
            }
        }
    }

    public static let events = [
        "event ModuleInteraction(address indexed target, bytes4 selector)",
        "event TokenBound(address _token)",
        "event TokenUnbound(address _token)",
        "event ModuleAdded(address _module)",
        "event ModuleRemoved(address _module)",
    ]

    public static let errors = [
        "error MaxModulesReached(uint256 maxValue)", "error ModuleAlreadyBound()", "error ModuleNotBound()",
        "error OnlyOwnerOrTokenCanCall()", "error TokenNotBound()", "error AddressNotATokenBoundToComplianceContract()",
        "error ComplianceNotSuitableForBindingToModule(address module)", "error ZeroAddress()", "error ZeroValue()",
        "error ArraySizeLimited(uint256 _maxSize)",
    ]

    public static let interface = ContractInterface(
        [constructorDeclaration] + Function.declarations + OwnableTwoStep.Function.declarations + events + OwnableTwoStep.events + errors
            + OwnableTwoStep.errors)

    static let moduleInteraction = topic("ModuleInteraction(address,bytes4)")
    static let tokenBoundTopic = topic("TokenBound(address)")
    static let tokenUnboundTopic = topic("TokenUnbound(address)")
    static let moduleAdded = topic("ModuleAdded(address)")
    static let moduleRemoved = topic("ModuleRemoved(address)")

    /// IModularCompliance's and IERC3643Compliance's ERC-165 ids.
    static let modularInterfaceId = interfaceId([
        "addModule(address)", "removeModule(address)", "addAndSetModule(address,bytes[])", "callModuleFunction(bytes,address)",
        "getModules()", "isModuleBound(address)",
    ])
    static let complianceInterfaceId = interfaceId([
        "bindToken(address)", "unbindToken(address)", "isTokenBound(address)", "getTokenBound()",
        "canTransfer(address,address,uint256)", "transferred(address,address,uint256)", "created(address,uint256)",
        "destroyed(address,uint256)",
    ])
    static let erc173InterfaceId: UInt32 = 0x7f58_28d0

    /// The module kinds MintSim calls directly.
    static let nativeModules: [any ComplianceModule.Type] = [
        CountryAllowModule.self, CountryRestrictModule.self, SupplyLimitModule.self, MaxBalanceModule.self,
        TransferRestrictModule.self, TimeTransfersLimitsModule.self, MaxHoldersModule.self,
    ]

    public func construct(_ context: ExecutionContext) throws(Revert) {
        try Ownable.setOwner(context, context.sender)
    }

    // MARK: State

    public static func tokenBound(_ context: ExecutionContext) throws(Revert) -> Address {
        Address(word32: try context.loadWord(tokenKey).word32)
    }

    public static func modules(_ context: ExecutionContext) throws(Revert) -> [Address] {
        let count = Int(try context.loadWord(moduleCountKey).uint64 ?? 0)
        var out: [Address] = []
        for index in 0..<count {
            out.append(Address(word32: try context.loadWord(StorageKey(modulesSlot, UInt256(UInt64(index)))).word32))
        }
        return out
    }

    static func isModuleBound(_ context: ExecutionContext, _ module: Address) throws(Revert) -> Bool {
        try !context.loadWord(StorageKey(moduleBoundSlot, module)).isZero
    }

    // MARK: Entry points for the token's direct calls (run in the compliance's context)

    /// `canTransfer`: nil when every module accepts, else the first refusing module's reason (for a
    /// MintSim module, e.g. "country-allow-module: receiver's country 392 is not allowed"; for
    /// others, their address and `moduleCheck`).
    public static func canTransfer(_ context: ExecutionContext, from: Address, to: Address, amount: UInt256) throws(Revert) -> String? {
        let compliance = context.address
        for module in try modules(context) {
            if let answer = try nativeRefusal(context, module, from: from, to: to, amount: amount, compliance: compliance) {
                if let reason = answer { return reason }
                continue
            }
            let result = try ExternalCall.call(
                context, module, "moduleCheck(address,address,uint256,address)(bool)",
                [.address(from), .address(to), .uint(amount), .address(compliance)])
            if result.first?.boolValue != true { return "module \(module): moduleCheck refused the transfer" }
        }
        return nil
    }

    /// `transferred` as the bound token calls it (the caller is checked to be the token).
    public static func transferred(_ context: ExecutionContext, from: Address, to: Address, amount: UInt256) throws(Revert) {
        if context.sender != (try tokenBound(context)) { throw Revert.error("AddressNotATokenBoundToComplianceContract()") }
        if from == .zero || to == .zero { throw Revert.error("ZeroAddress()") }
        if amount.isZero { throw Revert.error("ZeroValue()") }
        for module in try modules(context) {
            try hook(
                context, module, native: { type, inner throws(Revert) in try type.transferAction(inner, from: from, to: to, value: amount) },
                signature: "moduleTransferAction(address,address,uint256)", [.address(from), .address(to), .uint(amount)])
        }
    }

    /// `created` as the bound token calls it.
    public static func created(_ context: ExecutionContext, to: Address, amount: UInt256) throws(Revert) {
        if context.sender != (try tokenBound(context)) { throw Revert.error("AddressNotATokenBoundToComplianceContract()") }
        if to == .zero { throw Revert.error("ZeroAddress()") }
        if amount.isZero { throw Revert.error("ZeroValue()") }
        for module in try modules(context) {
            try hook(
                context, module, native: { type, inner throws(Revert) in try type.mintAction(inner, to: to, value: amount) },
                signature: "moduleMintAction(address,uint256)", [.address(to), .uint(amount)])
        }
    }

    /// `destroyed` as the bound token calls it.
    public static func destroyed(_ context: ExecutionContext, from: Address, amount: UInt256) throws(Revert) {
        if context.sender != (try tokenBound(context)) { throw Revert.error("AddressNotATokenBoundToComplianceContract()") }
        if from == .zero { throw Revert.error("ZeroAddress()") }
        if amount.isZero { throw Revert.error("ZeroValue()") }
        for module in try modules(context) {
            try hook(
                context, module, native: { type, inner throws(Revert) in try type.burnAction(inner, from: from, value: amount) },
                signature: "moduleBurnAction(address,uint256)", [.address(from), .uint(amount)])
        }
    }

    // MARK: Module calls

    /// The refusal of a MintSim module (outer nil when `module` is not one).
    static func nativeRefusal(
        _ context: ExecutionContext, _ module: Address, from: Address, to: Address, amount: UInt256, compliance: Address
    ) throws(Revert) -> String?? {
        for type in nativeModules {
            if let answer = try refusal(type, context, module, from: from, to: to, amount: amount, compliance: compliance) {
                return .some(answer)
            }
        }
        return nil
    }

    private static func refusal<M: ComplianceModule>(
        _ type: M.Type, _ context: ExecutionContext, _ module: Address, from: Address, to: Address, amount: UInt256, compliance: Address
    ) throws(Revert) -> String?? {
        try context.callNative(module, as: M.self) { _, inner throws(Revert) -> String? in
            try M.refusal(inner, from: from, to: to, value: amount, compliance: compliance)
        }
    }

    /// Runs a hook on a module: directly (after its `onlyComplianceCall` check) when it is a MintSim
    /// module, else through its ABI.
    static func hook(
        _ context: ExecutionContext, _ module: Address,
        native: (any ComplianceModule.Type, ExecutionContext) throws(Revert) -> Void, signature: String, _ arguments: [ABIValue]
    ) throws(Revert) {
        for type in nativeModules {
            if try runHook(type, context, module, native) { return }
        }
        guard let function = try? ABIFunction.cached(signature), let calldata = try? function.encodeCall(arguments) else {
            throw Revert(data: [])
        }
        if !context.isContract(module) { throw Revert(data: []) }
        _ = try context.call(module, calldata: calldata)
    }

    private static func runHook<M: ComplianceModule>(
        _ type: M.Type, _ context: ExecutionContext, _ module: Address,
        _ native: (any ComplianceModule.Type, ExecutionContext) throws(Revert) -> Void
    ) throws(Revert) -> Bool {
        let done = try context.callNative(module, as: M.self) { _, inner throws(Revert) -> Bool in
            try ModuleCore.checkComplianceCall(inner)
            try native(M.self, inner)
            return true
        }
        return done != nil
    }

    static func moduleBool(_ context: ExecutionContext, _ module: Address, _ signature: String) throws(Revert) -> Bool {
        try ExternalCall.call(context, module, signature, [.address(context.address)]).first?.boolValue ?? false
    }

    // MARK: Owner functions

    static func addModule(_ context: ExecutionContext, _ module: Address) throws(Revert) {
        try Ownable.check(context)
        if module == .zero { throw Revert.error("ZeroAddress()") }
        if try isModuleBound(context, module) { throw Revert.error("ModuleAlreadyBound()") }
        let count = try context.loadWord(moduleCountKey)
        if count > UInt256(UInt64(maxModules - 1)) {
            throw Revert.error("MaxModulesReached(uint256)", [.uint(UInt256(UInt64(maxModules)))])
        }
        let plugAndPlay = try ExternalCall.call(context, module, "isPlugAndPlay()(bool)", []).first?.boolValue ?? false
        if !plugAndPlay {
            let canBind = try moduleBool(context, module, "canComplianceBind(address)(bool)")
            if !canBind { throw Revert.error("ComplianceNotSuitableForBindingToModule(address)", [.address(module)]) }
        }
        _ = try ExternalCall.call(context, module, "bindCompliance(address)", [.address(context.address)])
        try context.storeWord(StorageKey(modulesSlot, count), UInt256(word32: module.word32))
        try context.storeWord(moduleCountKey, count &+ .one)
        try context.storeWord(StorageKey(moduleBoundSlot, module), .one)
        try context.emit(topics: [moduleAdded], data: module.word)
    }

    static func removeModule(_ context: ExecutionContext, _ module: Address) throws(Revert) {
        try Ownable.check(context)
        if module == .zero { throw Revert.error("ZeroAddress()") }
        if try !isModuleBound(context, module) { throw Revert.error("ModuleNotBound()") }
        let list = try modules(context)
        guard let index = list.firstIndex(of: module) else { return }
        _ = try ExternalCall.call(context, module, "unbindCompliance(address)", [.address(context.address)])
        let last = list.count - 1
        try context.storeWord(StorageKey(modulesSlot, UInt256(UInt64(index))), UInt256(word32: list[last].word32))
        try context.storeWord(StorageKey(modulesSlot, UInt256(UInt64(last))), .zero)
        try context.storeWord(moduleCountKey, UInt256(UInt64(last)))
        try context.storeWord(StorageKey(moduleBoundSlot, module), .zero)
        try context.emit(topics: [moduleRemoved], data: module.word)
    }

    static func callModuleFunction(_ context: ExecutionContext, _ callData: [UInt8], _ module: Address) throws(Revert) {
        try Ownable.check(context)
        if try !isModuleBound(context, module) { throw Revert.error("ModuleNotBound()") }
        switch try context.tryCall(module, calldata: callData) {
        case .success: break
        case .failure(let revert): throw revert
        }
        var selector = [UInt8](repeating: 0, count: 32)
        if callData.count >= 4 { selector.replaceSubrange(0..<4, with: callData[0..<4]) }
        try context.emit(topics: [moduleInteraction, module.word32], data: selector)
    }

    // MARK: Dispatch

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Function(rawValue: selector) { return try call(function, context) }
        if let function = OwnableTwoStep.Function(rawValue: selector) { return try OwnableTwoStep.call(function, context) }
        throw Revert(data: [])
    }

    func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .bindToken:
            let args = try Arguments(context, words: 1)
            let token = try args.address(0)
            let bound = try Self.tokenBound(context)
            if try Ownable.owner(context) != context.sender && !(bound == .zero && context.sender == token) {
                throw Revert.error("OnlyOwnerOrTokenCanCall()")
            }
            if token == .zero { throw Revert.error("ZeroAddress()") }
            try context.storeWord(Self.tokenKey, UInt256(word32: token.word32))
            try context.emit(topics: [Self.tokenBoundTopic], data: token.word)
            return []
        case .unbindToken:
            let args = try Arguments(context, words: 1)
            let token = try args.address(0)
            if try Ownable.owner(context) != context.sender && context.sender != token {
                throw Revert.error("OnlyOwnerOrTokenCanCall()")
            }
            if token != (try Self.tokenBound(context)) { throw Revert.error("TokenNotBound()") }
            if token == .zero { throw Revert.error("ZeroAddress()") }
            try context.storeWord(Self.tokenKey, .zero)
            try context.emit(topics: [Self.tokenUnboundTopic], data: token.word)
            return []
        case .addModule:
            let args = try Arguments(context, words: 1)
            try Self.addModule(context, try args.address(0))
            return []
        case .removeModule:
            let args = try Arguments(context, words: 1)
            try Self.removeModule(context, try args.address(0))
            return []
        case .addAndSetModule:
            let values = try context.decodeArguments([.address, .array(.bytes)])
            let module = values[0].addressValue
            let interactions: [[UInt8]]
            if case .array(let items) = values[1] { interactions = items.map(\.bytesValue) } else { interactions = [] }
            try Ownable.check(context)
            if interactions.count > 5 { throw Revert.error("ArraySizeLimited(uint256)", [.uint(UInt256(UInt64(5)))]) }
            try Self.addModule(context, module)
            for interaction in interactions { try Self.callModuleFunction(context, interaction, module) }
            return []
        case .callModuleFunction:
            let values = try context.decodeArguments([.bytes, .address])
            try Self.callModuleFunction(context, values[0].bytesValue, values[1].addressValue)
            return []
        case .transferred:
            let args = try Arguments(context, words: 3)
            let from = try args.address(0), to = try args.address(1)
            try Self.transferred(context, from: from, to: to, amount: args.uint(2))
            return []
        case .created:
            let args = try Arguments(context, words: 2)
            let to = try args.address(0)
            try Self.created(context, to: to, amount: args.uint(1))
            return []
        case .destroyed:
            let args = try Arguments(context, words: 2)
            let from = try args.address(0)
            try Self.destroyed(context, from: from, amount: args.uint(1))
            return []
        case .canTransfer:
            let args = try Arguments(context, words: 3)
            let from = try args.address(0), to = try args.address(1)
            return Returns.bool(try Self.canTransfer(context, from: from, to: to, amount: args.uint(2)) == nil)
        case .getModules:
            let list = try Self.modules(context)
            return (try? ABI.encode([.array(.address)], [.array(list.map { .address($0) })])) ?? []
        case .getTokenBound:
            return Returns.address(try Self.tokenBound(context))
        case .isTokenBound:
            let args = try Arguments(context, words: 1)
            return Returns.bool(try args.address(0) == Self.tokenBound(context))
        case .isModuleBound:
            let args = try Arguments(context, words: 1)
            return Returns.bool(try Self.isModuleBound(context, try args.address(0)))
        case .supportsInterface:
            let args = try Arguments(context, words: 1)
            let id = try args.bytes4(0)
            return Returns.bool(
                id == Self.modularInterfaceId || id == Self.complianceInterfaceId || id == Self.erc173InterfaceId
                    || id == InterfaceId.erc165)
        }
    }
}
