import MintSimChain
import MintSimPrimitives

/// T-REX 4.2's IdentityRegistryStorage: each investor wallet's ONCHAINID and country (ISO-3166
/// numeric), shared by the identity registries bound to it. Its agents are the bound registries;
/// binding and unbinding are the owner's (they add and remove the agent).
public struct IdentityRegistryStorage: ContractModel {
    public static let kind = "identity-registry-storage"
    public var kind: String { Self.kind }

    public init() {}

    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
    }

    public static let constructorDeclaration = "constructor()"

    static let identitiesSlot: UInt32 = 0
    static let countriesSlot: UInt32 = 1
    /// The bound identity registries.
    static let registryList = StoredArray(length: 2, entries: 3)
    static let maxRegistries = 300

    public enum Function: UInt32, FunctionSet {
        case addIdentityToStorage = 0xa534_10dd
        case modifyStoredIdentity = 0xe805_cf86
        case modifyStoredInvestorCountry = 0x9f34_18d5
        case removeIdentityFromStorage = 0xcf19_1bcd
        case bindIdentityRegistry = 0x690a_49f9
        case unbindIdentityRegistry = 0x97a0_12f7
        case linkedIdentityRegistries = 0xbf9e_b959
        case storedIdentity = 0x7988_d3a5
        case storedInvestorCountry = 0x727e_13bc
        case supportsInterface = 0x01ff_c9a7

        public var declaration: String {
            switch self {
            case .addIdentityToStorage: return "function addIdentityToStorage(address _userAddress, address _identity, uint16 _country)"
            case .modifyStoredIdentity: return "function modifyStoredIdentity(address _userAddress, address _identity)"
            case .modifyStoredInvestorCountry: return "function modifyStoredInvestorCountry(address _userAddress, uint16 _country)"
            case .removeIdentityFromStorage: return "function removeIdentityFromStorage(address _userAddress)"
            case .bindIdentityRegistry: return "function bindIdentityRegistry(address _identityRegistry)"
            case .unbindIdentityRegistry: return "function unbindIdentityRegistry(address _identityRegistry)"
            case .linkedIdentityRegistries: return "function linkedIdentityRegistries() view returns (address[])"
            case .storedIdentity: return "function storedIdentity(address _userAddress) view returns (address)"
            case .storedInvestorCountry: return "function storedInvestorCountry(address _userAddress) view returns (uint16)"
            case .supportsInterface: return "function supportsInterface(bytes4 interfaceId) view returns (bool)"
            }
        }
    }

    public static let events = [
        "event IdentityStored(address indexed _investorAddress, address indexed _identity)",
        "event IdentityUnstored(address indexed _investorAddress, address indexed _identity)",
        "event IdentityModified(address indexed _oldIdentity, address indexed _newIdentity)",
        "event CountryModified(address indexed _investorAddress, uint16 indexed _country)",
        "event IdentityRegistryBound(address indexed _identityRegistry)",
        "event IdentityRegistryUnbound(address indexed _identityRegistry)",
    ]

    public static let errors = [
        "error AddressAlreadyStored()", "error AddressNotYetStored()", "error IdentityRegistryNotStored()",
        "error MaxIRByIRSReached(uint256 max)",
    ]

    public static let interface = ContractInterface(
        [constructorDeclaration] + Function.declarations + OwnableTwoStep.Function.declarations + AgentRole.Function.declarations
            + events + OwnableTwoStep.events + AgentRole.events + errors + OwnableTwoStep.errors + AgentRole.errors)

    static let identityStored = topic("IdentityStored(address,address)")
    static let identityUnstored = topic("IdentityUnstored(address,address)")
    static let identityModified = topic("IdentityModified(address,address)")
    static let countryModified = topic("CountryModified(address,uint16)")
    static let registryBound = topic("IdentityRegistryBound(address)")
    static let registryUnbound = topic("IdentityRegistryUnbound(address)")

    /// IERC3643IdentityRegistryStorage's ERC-165 id.
    static let storageInterfaceId = interfaceId([
        "storedIdentity(address)", "storedInvestorCountry(address)", "addIdentityToStorage(address,address,uint16)",
        "removeIdentityFromStorage(address)", "modifyStoredInvestorCountry(address,uint16)",
        "modifyStoredIdentity(address,address)", "bindIdentityRegistry(address)", "unbindIdentityRegistry(address)",
        "linkedIdentityRegistries()",
    ])
    /// ERC-173 (ownership).
    static let erc173InterfaceId: UInt32 = 0x7f58_28d0

    public func construct(_ context: ExecutionContext) throws(Revert) {
        try Ownable.setOwner(context, context.sender)
    }

    // MARK: Reading and writing (for the identity registry's direct calls too)

    public static func identity(_ context: ExecutionContext, of user: Address) throws(Revert) -> Address {
        Address(word32: try context.loadWord(StorageKey(identitiesSlot, user)).word32)
    }

    public static func country(_ context: ExecutionContext, of user: Address) throws(Revert) -> UInt16 {
        UInt16(truncatingIfNeeded: try context.loadWord(StorageKey(countriesSlot, user)).uint64 ?? 0)
    }

    /// `addIdentityToStorage` (the caller is checked to be an agent by the caller of this).
    public static func add(_ context: ExecutionContext, user: Address, identity: Address, country: UInt16) throws(Revert) {
        if user == .zero || identity == .zero { throw Revert.error("ZeroAddress()") }
        if try Self.identity(context, of: user) != .zero { throw Revert.error("AddressAlreadyStored()") }
        try context.storeWord(StorageKey(identitiesSlot, user), UInt256(word32: identity.word32))
        try context.storeWord(StorageKey(countriesSlot, user), UInt256(UInt64(country)))
        try context.emit(topics: [identityStored, user.word32, identity.word32], data: [])
    }

    /// `modifyStoredIdentity`; returns the previous identity.
    @discardableResult
    public static func modify(_ context: ExecutionContext, user: Address, identity: Address) throws(Revert) -> Address {
        if user == .zero || identity == .zero { throw Revert.error("ZeroAddress()") }
        let old = try Self.identity(context, of: user)
        if old == .zero { throw Revert.error("AddressNotYetStored()") }
        try context.storeWord(StorageKey(identitiesSlot, user), UInt256(word32: identity.word32))
        try context.emit(topics: [identityModified, old.word32, identity.word32], data: [])
        return old
    }

    /// `modifyStoredInvestorCountry`.
    public static func modify(_ context: ExecutionContext, user: Address, country: UInt16) throws(Revert) {
        if user == .zero { throw Revert.error("ZeroAddress()") }
        if try identity(context, of: user) == .zero { throw Revert.error("AddressNotYetStored()") }
        try context.storeWord(StorageKey(countriesSlot, user), UInt256(UInt64(country)))
        try context.emit(topics: [countryModified, user.word32, UInt256(UInt64(country)).word32], data: [])
    }

    /// `removeIdentityFromStorage`; returns the removed identity.
    @discardableResult
    public static func remove(_ context: ExecutionContext, user: Address) throws(Revert) -> Address {
        if user == .zero { throw Revert.error("ZeroAddress()") }
        let old = try identity(context, of: user)
        if old == .zero { throw Revert.error("AddressNotYetStored()") }
        try context.storeWord(StorageKey(identitiesSlot, user), .zero)
        try context.storeWord(StorageKey(countriesSlot, user), .zero)
        try context.emit(topics: [identityUnstored, user.word32, old.word32], data: [])
        return old
    }

    static func registries(_ context: ExecutionContext) throws(Revert) -> [Address] {
        try registryList.all(context).map { Address(word32: $0.word32) }
    }

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Function(rawValue: selector) { return try call(function, context) }
        if let function = OwnableTwoStep.Function(rawValue: selector) { return try OwnableTwoStep.call(function, context) }
        if let function = AgentRole.Function(rawValue: selector) { return try AgentRole.call(function, context) }
        throw Revert(data: [])
    }

    func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .addIdentityToStorage:
            let args = try Arguments(context, words: 3)
            let user = try args.address(0), identity = try args.address(1), country = try args.uint16(2)
            try AgentRole.check(context)
            try Self.add(context, user: user, identity: identity, country: country)
            return []
        case .modifyStoredIdentity:
            let args = try Arguments(context, words: 2)
            let user = try args.address(0), identity = try args.address(1)
            try AgentRole.check(context)
            try Self.modify(context, user: user, identity: identity)
            return []
        case .modifyStoredInvestorCountry:
            let args = try Arguments(context, words: 2)
            let user = try args.address(0), country = try args.uint16(1)
            try AgentRole.check(context)
            try Self.modify(context, user: user, country: country)
            return []
        case .removeIdentityFromStorage:
            let args = try Arguments(context, words: 1)
            let user = try args.address(0)
            try AgentRole.check(context)
            try Self.remove(context, user: user)
            return []
        case .bindIdentityRegistry:
            let args = try Arguments(context, words: 1)
            let registry = try args.address(0)
            if registry == .zero { throw Revert.error("ZeroAddress()") }
            if try Self.registryList.count(context) >= Self.maxRegistries {
                throw Revert.error("MaxIRByIRSReached(uint256)", [.uint(UInt256(UInt64(Self.maxRegistries)))])
            }
            try Ownable.check(context)  // `addAgent` is onlyOwner
            try AgentRole.add(context, registry)
            try Self.registryList.append(context, UInt256(word32: registry.word32))
            try context.emit(topics: [Self.registryBound, registry.word32], data: [])
            return []
        case .unbindIdentityRegistry:
            let args = try Arguments(context, words: 1)
            let registry = try args.address(0)
            if registry == .zero { throw Revert.error("ZeroAddress()") }
            if try Self.registryList.count(context) == 0 { throw Revert.error("IdentityRegistryNotStored()") }
            try Self.registryList.swapRemoveFirst(context, UInt256(word32: registry.word32))
            try Ownable.check(context)  // `removeAgent` is onlyOwner
            try AgentRole.remove(context, registry)
            try context.emit(topics: [Self.registryUnbound, registry.word32], data: [])
            return []
        case .linkedIdentityRegistries:
            let list = try Self.registries(context)
            return (try? ABI.encode([.array(.address)], [.array(list.map { .address($0) })])) ?? []
        case .storedIdentity:
            let args = try Arguments(context, words: 1)
            return Returns.address(try Self.identity(context, of: args.address(0)))
        case .storedInvestorCountry:
            let args = try Arguments(context, words: 1)
            return Returns.uint(UInt64(try Self.country(context, of: args.address(0))))
        case .supportsInterface:
            let args = try Arguments(context, words: 1)
            let id = try args.bytes4(0)
            return Returns.bool(id == Self.storageInterfaceId || id == Self.erc173InterfaceId || id == InterfaceId.erc165)
        }
    }
}
