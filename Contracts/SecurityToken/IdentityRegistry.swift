import MintSimChain
import MintSimPrimitives

/// T-REX 4.2's IdentityRegistry: registers investor wallets with their ONCHAINID and country in an
/// IdentityRegistryStorage (of which it must be a bound agent), and answers `isVerified(wallet)`:
/// the wallet has an identity holding, for every topic the ClaimTopicsRegistry requires, a claim by
/// an issuer the TrustedIssuersRegistry trusts for that topic that the issuer says is valid.
/// Registration functions are for its agents; wiring and eligibility switches for its owner.
public struct IdentityRegistry: ContractModel {
    public static let kind = "identity-registry"
    public var kind: String { Self.kind }

    public let trustedIssuersRegistry: Address
    public let claimTopicsRegistry: Address
    public let identityStorage: Address

    public init(trustedIssuersRegistry: Address, claimTopicsRegistry: Address, identityStorage: Address) {
        self.trustedIssuersRegistry = trustedIssuersRegistry
        self.claimTopicsRegistry = claimTopicsRegistry
        self.identityStorage = identityStorage
    }

    public static let constructorDeclaration =
        "constructor(address _trustedIssuersRegistry, address _claimTopicsRegistry, address _identityStorage)"

    public var constructorArguments: [UInt8] {
        (try? ABI.encode([.address, .address, .address], [.address(trustedIssuersRegistry), .address(claimTopicsRegistry), .address(identityStorage)]))
            ?? []
    }

    public init(arguments: [UInt8]) throws(Revert) {
        let values = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
        self.init(
            trustedIssuersRegistry: values[0].addressValue, claimTopicsRegistry: values[1].addressValue,
            identityStorage: values[2].addressValue)
    }

    static let topicsRegistryKey = StorageKey(10)
    static let issuersRegistryKey = StorageKey(11)
    static let storageKey = StorageKey(12)
    static let checksDisabledKey = StorageKey(13)

    public enum Function: UInt32, FunctionSet {
        case registerIdentity = 0x454a_03e0
        case batchRegisterIdentity = 0x653d_c9f1
        case updateIdentity = 0x8e09_8ca1
        case updateCountry = 0x3b23_9a7f
        case deleteIdentity = 0xa8d2_9d1d
        case isVerified = 0xb920_9e33
        case identity = 0xf0eb_5e54
        case investorCountry = 0x7e42_683b
        case contains = 0x5dbe_47e8
        case identityStorage = 0xf11a_bfd8
        case issuersRegistry = 0xb4f3_fcb7
        case topicsRegistry = 0x3b3e_12f4
        case setIdentityRegistryStorage = 0x26d9_41ae
        case setClaimTopicsRegistry = 0x670a_f6a9
        case setTrustedIssuersRegistry = 0xe744_d789
        case disableEligibilityChecks = 0x23e0_e370
        case enableEligibilityChecks = 0x8f57_57ab
        case supportsInterface = 0x01ff_c9a7

        public var declaration: String {
            switch self {
            case .registerIdentity: return "function registerIdentity(address _userAddress, address _identity, uint16 _country)"
            case .batchRegisterIdentity:
                return "function batchRegisterIdentity(address[] _userAddresses, address[] _identities, uint16[] _countries)"
            case .updateIdentity: return "function updateIdentity(address _userAddress, address _identity)"
            case .updateCountry: return "function updateCountry(address _userAddress, uint16 _country)"
            case .deleteIdentity: return "function deleteIdentity(address _userAddress)"
            case .isVerified: return "function isVerified(address _userAddress) view returns (bool)"
            case .identity: return "function identity(address _userAddress) view returns (address)"
            case .investorCountry: return "function investorCountry(address _userAddress) view returns (uint16)"
            case .contains: return "function contains(address _userAddress) view returns (bool)"
            case .identityStorage: return "function identityStorage() view returns (address)"
            case .issuersRegistry: return "function issuersRegistry() view returns (address)"
            case .topicsRegistry: return "function topicsRegistry() view returns (address)"
            case .setIdentityRegistryStorage: return "function setIdentityRegistryStorage(address _identityRegistryStorage)"
            case .setClaimTopicsRegistry: return "function setClaimTopicsRegistry(address _claimTopicsRegistry)"
            case .setTrustedIssuersRegistry: return "function setTrustedIssuersRegistry(address _trustedIssuersRegistry)"
            case .disableEligibilityChecks: return "function disableEligibilityChecks()"
            case .enableEligibilityChecks: return "function enableEligibilityChecks()"
            case .supportsInterface: return "function supportsInterface(bytes4 interfaceId) view returns (bool)"
            }
        }
    }

    public static let events = [
        "event ClaimTopicsRegistrySet(address indexed _claimTopicsRegistry)",
        "event IdentityStorageSet(address indexed _identityStorage)",
        "event TrustedIssuersRegistrySet(address indexed _trustedIssuersRegistry)",
        "event IdentityRegistered(address indexed _investorAddress, address indexed _identity)",
        "event IdentityRemoved(address indexed _investorAddress, address indexed _identity)",
        "event IdentityUpdated(address indexed _oldIdentity, address indexed _newIdentity)",
        "event CountryUpdated(address indexed _investorAddress, uint16 indexed _country)",
        "event EligibilityChecksDisabled()",
        "event EligibilityChecksEnabled()",
    ]

    public static let errors = ["error EligibilityChecksDisabledAlready()", "error EligibilityChecksEnabledAlready()"]

    public static let interface = ContractInterface(
        [constructorDeclaration] + Function.declarations + OwnableTwoStep.Function.declarations + AgentRole.Function.declarations
            + events + OwnableTwoStep.events + AgentRole.events + errors + OwnableTwoStep.errors + AgentRole.errors
            + IdentityRegistryStorage.errors)

    static let claimTopicsRegistrySet = topic("ClaimTopicsRegistrySet(address)")
    static let identityStorageSet = topic("IdentityStorageSet(address)")
    static let trustedIssuersRegistrySet = topic("TrustedIssuersRegistrySet(address)")
    static let identityRegistered = topic("IdentityRegistered(address,address)")
    static let identityRemoved = topic("IdentityRemoved(address,address)")
    static let identityUpdated = topic("IdentityUpdated(address,address)")
    static let countryUpdated = topic("CountryUpdated(address,uint16)")
    static let checksDisabled = topic("EligibilityChecksDisabled()")
    static let checksEnabled = topic("EligibilityChecksEnabled()")

    /// IERC3643IdentityRegistry's ERC-165 id, and IIdentityRegistry's (its own two functions).
    static let registryInterfaceId = interfaceId([
        "setIdentityRegistryStorage(address)", "setClaimTopicsRegistry(address)", "setTrustedIssuersRegistry(address)",
        "registerIdentity(address,address,uint16)", "deleteIdentity(address)", "updateCountry(address,uint16)",
        "updateIdentity(address,address)", "batchRegisterIdentity(address[],address[],uint16[])", "contains(address)",
        "isVerified(address)", "identity(address)", "investorCountry(address)", "identityStorage()", "issuersRegistry()",
        "topicsRegistry()",
    ])
    static let eligibilityInterfaceId = interfaceId(["disableEligibilityChecks()", "enableEligibilityChecks()"])

    public func construct(_ context: ExecutionContext) throws(Revert) {
        if trustedIssuersRegistry == .zero || claimTopicsRegistry == .zero || identityStorage == .zero {
            throw Revert.error("ZeroAddress()")
        }
        try Self.setAddress(context, Self.topicsRegistryKey, claimTopicsRegistry, event: Self.claimTopicsRegistrySet)
        try Self.setAddress(context, Self.issuersRegistryKey, trustedIssuersRegistry, event: Self.trustedIssuersRegistrySet)
        try Self.setAddress(context, Self.storageKey, identityStorage, event: Self.identityStorageSet)
        try context.emit(topics: [Self.checksEnabled], data: [])
        try Ownable.setOwner(context, context.sender)
    }

    static func address(_ context: ExecutionContext, _ key: StorageKey) throws(Revert) -> Address {
        Address(word32: try context.loadWord(key).word32)
    }

    static func setAddress(_ context: ExecutionContext, _ key: StorageKey, _ value: Address, event: Hash) throws(Revert) {
        try context.storeWord(key, UInt256(word32: value.word32))
        try context.emit(topics: [event, value.word32], data: [])
    }

    // MARK: Storage access (direct when the storage is MintSim's model, else through its ABI)

    static func storedIdentity(_ context: ExecutionContext, _ user: Address) throws(Revert) -> Address {
        let storage = try address(context, storageKey)
        if let identity = try context.callNative(storage, as: IdentityRegistryStorage.self, { _, inner throws(Revert) in
            try IdentityRegistryStorage.identity(inner, of: user)
        }) {
            return identity
        }
        return try ExternalCall.call(context, storage, "storedIdentity(address)(address)", [.address(user)]).first?.addressValue ?? .zero
    }

    /// The investor's country (0 when not registered).
    public static func country(_ context: ExecutionContext, _ user: Address) throws(Revert) -> UInt16 {
        let storage = try address(context, storageKey)
        if let country = try context.callNative(storage, as: IdentityRegistryStorage.self, { _, inner throws(Revert) in
            try IdentityRegistryStorage.country(inner, of: user)
        }) {
            return country
        }
        let value = try ExternalCall.call(context, storage, "storedInvestorCountry(address)(uint16)", [.address(user)]).first
        return UInt16(truncatingIfNeeded: value?.uintValue.uint64 ?? 0)
    }

    static func withStorage(
        _ context: ExecutionContext, native: (ExecutionContext) throws(Revert) -> Void, signature: String, _ arguments: [ABIValue]
    ) throws(Revert) {
        let storage = try address(context, storageKey)
        let done = try context.callNative(storage, as: IdentityRegistryStorage.self) { _, inner throws(Revert) -> Bool in
            try AgentRole.check(inner)
            try native(inner)
            return true
        }
        if done == nil {
            _ = try ExternalCall.call(context, storage, signature, arguments)
        }
    }

    // MARK: Verification

    /// Why `user` is or is not verified: nil when verified, else the rule that fails.
    public static func verificationFailure(_ context: ExecutionContext, _ user: Address) throws(Revert) -> String? {
        if try !context.loadWord(checksDisabledKey).isZero { return nil }
        let identity = try storedIdentity(context, user)
        if identity == .zero { return "wallet \(user) has no identity in the identity registry" }
        let topicsRegistry = try address(context, topicsRegistryKey)
        let issuersRegistry = try address(context, issuersRegistryKey)
        let topics = try requiredTopics(context, topicsRegistry)
        for topic in topics {
            let issuers = try trustedIssuers(context, issuersRegistry, topic: topic)
            if issuers.isEmpty { return "no trusted issuer for claim topic \(topic)" }
            var valid = false
            for issuer in issuers {
                let claim = try Self.claim(context, identity: identity, id: IdentityCore.claimId(issuer: issuer, topic: topic))
                guard claim.topic == topic else { continue }
                if try Self.issuerAccepts(context, claim, identity: identity) {
                    valid = true
                    break
                }
            }
            if !valid { return "identity \(identity) of wallet \(user) has no valid claim of topic \(topic) by a trusted issuer" }
        }
        return nil
    }

    /// `getClaimTopics()` of the topics registry: directly from a ClaimTopicsRegistry model, else through its ABI.
    static func requiredTopics(_ context: ExecutionContext, _ registry: Address) throws(Revert) -> [UInt256] {
        if let topics = try context.callNative(registry, as: ClaimTopicsRegistry.self, { _, inner throws(Revert) in
            try ClaimTopicsRegistry.claimTopics(inner)
        }) {
            return topics
        }
        return try ExternalCall.call(context, registry, "getClaimTopics()(uint256[])", []).first?.uintArray ?? []
    }

    /// `getTrustedIssuersForClaimTopic(topic)` of the issuers registry, directly when it is MintSim's.
    static func trustedIssuers(_ context: ExecutionContext, _ registry: Address, topic: UInt256) throws(Revert) -> [Address] {
        if let issuers = try context.callNative(registry, as: TrustedIssuersRegistry.self, { _, inner throws(Revert) in
            try TrustedIssuersRegistry.issuers(inner, forTopic: topic)
        }) {
            return issuers
        }
        return try ExternalCall.call(context, registry, "getTrustedIssuersForClaimTopic(uint256)(address[])", [.uint(topic)])
            .first?.addressArray ?? []
    }

    /// `identity.getClaim(id)`: directly from an Identity model, else through its ABI (a revert or
    /// a malformed answer reverts, as the Solidity call does).
    static func claim(_ context: ExecutionContext, identity: Address, id: Hash) throws(Revert) -> IdentityCore.Claim {
        if let claim = try context.callNative(identity, as: Identity.self, { _, inner throws(Revert) in
            try IdentityCore.claim(inner, id: id)
        }) {
            return claim
        }
        let values = try ExternalCall.call(
            context, identity, "getClaim(bytes32)(uint256,uint256,address,bytes,bytes,string)", [.fixedBytes(id.bytes)])
        guard values.count == 6 else { throw Revert(data: []) }
        return IdentityCore.Claim(
            topic: values[0].uintValue, scheme: values[1].uintValue, issuer: values[2].addressValue, signature: values[3].bytesValue,
            data: values[4].bytesValue, uri: values[5].stringValue)
    }

    /// `try IClaimIssuer(issuer).isClaimValid(...)`: a revert or malformed answer counts as invalid.
    static func issuerAccepts(_ context: ExecutionContext, _ claim: IdentityCore.Claim, identity: Address) throws(Revert) -> Bool {
        if let valid = try context.callNative(claim.issuer, as: ClaimIssuer.self, { model, inner throws(Revert) in
            try model.isClaimValid(inner, identity: identity, topic: claim.topic, signature: claim.signature, data: claim.data)
        }) {
            return valid
        }
        let answer = try ExternalCall.tryCall(
            context, claim.issuer, "isClaimValid(address,uint256,bytes,bytes)(bool)",
            [.address(identity), .uint(claim.topic), .bytes(claim.signature), .bytes(claim.data)])
        return answer?.first?.boolValue == true
    }

    public static func isVerified(_ context: ExecutionContext, _ user: Address) throws(Revert) -> Bool {
        try verificationFailure(context, user) == nil
    }

    // MARK: Dispatch

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Function(rawValue: selector) { return try call(function, context) }
        if let function = OwnableTwoStep.Function(rawValue: selector) { return try OwnableTwoStep.call(function, context) }
        if let function = AgentRole.Function(rawValue: selector) { return try AgentRole.call(function, context) }
        throw Revert(data: [])
    }

    func register(_ context: ExecutionContext, user: Address, identity: Address, country: UInt16) throws(Revert) {
        try AgentRole.check(context)
        try Self.withStorage(
            context, native: { inner throws(Revert) in try IdentityRegistryStorage.add(inner, user: user, identity: identity, country: country) },
            signature: "addIdentityToStorage(address,address,uint16)", [.address(user), .address(identity), .uint(UInt256(UInt64(country)))])
        try context.emit(topics: [Self.identityRegistered, user.word32, identity.word32], data: [])
    }

    func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .registerIdentity:
            let args = try Arguments(context, words: 3)
            try register(context, user: try args.address(0), identity: try args.address(1), country: try args.uint16(2))
            return []
        case .batchRegisterIdentity:
            let values = try context.decodeArguments([.array(.address), .array(.address), .array(.uint(16))])
            let users = values[0].addressArray, identities = values[1].addressArray, countries = values[2].uintArray
            for (index, user) in users.enumerated() {
                // Solidity indexes the other arrays: a shorter one is an out-of-bounds panic.
                guard index < identities.count, index < countries.count else { throw Revert.panic(0x32) }
                try register(context, user: user, identity: identities[index], country: UInt16(truncatingIfNeeded: countries[index].uint64 ?? 0))
            }
            return []
        case .updateIdentity:
            let args = try Arguments(context, words: 2)
            let user = try args.address(0), identity = try args.address(1)
            try AgentRole.check(context)
            let old = try Self.storedIdentity(context, user)
            try Self.withStorage(
                context, native: { inner throws(Revert) in try IdentityRegistryStorage.modify(inner, user: user, identity: identity) },
                signature: "modifyStoredIdentity(address,address)", [.address(user), .address(identity)])
            try context.emit(topics: [Self.identityUpdated, old.word32, identity.word32], data: [])
            return []
        case .updateCountry:
            let args = try Arguments(context, words: 2)
            let user = try args.address(0), country = try args.uint16(1)
            try AgentRole.check(context)
            try Self.withStorage(
                context, native: { inner throws(Revert) in try IdentityRegistryStorage.modify(inner, user: user, country: country) },
                signature: "modifyStoredInvestorCountry(address,uint16)", [.address(user), .uint(UInt256(UInt64(country)))])
            try context.emit(topics: [Self.countryUpdated, user.word32, UInt256(UInt64(country)).word32], data: [])
            return []
        case .deleteIdentity:
            let args = try Arguments(context, words: 1)
            let user = try args.address(0)
            try AgentRole.check(context)
            let old = try Self.storedIdentity(context, user)
            try Self.withStorage(
                context, native: { inner throws(Revert) in try IdentityRegistryStorage.remove(inner, user: user) },
                signature: "removeIdentityFromStorage(address)", [.address(user)])
            try context.emit(topics: [Self.identityRemoved, user.word32, old.word32], data: [])
            return []
        case .isVerified:
            let args = try Arguments(context, words: 1)
            return Returns.bool(try Self.isVerified(context, args.address(0)))
        case .identity:
            let args = try Arguments(context, words: 1)
            return Returns.address(try Self.storedIdentity(context, args.address(0)))
        case .investorCountry:
            let args = try Arguments(context, words: 1)
            return Returns.uint(UInt64(try Self.country(context, args.address(0))))
        case .contains:
            let args = try Arguments(context, words: 1)
            return Returns.bool(try Self.storedIdentity(context, args.address(0)) != .zero)
        case .identityStorage: return Returns.address(try Self.address(context, Self.storageKey))
        case .issuersRegistry: return Returns.address(try Self.address(context, Self.issuersRegistryKey))
        case .topicsRegistry: return Returns.address(try Self.address(context, Self.topicsRegistryKey))
        case .setIdentityRegistryStorage, .setClaimTopicsRegistry, .setTrustedIssuersRegistry:
            let args = try Arguments(context, words: 1)
            let value = try args.address(0)
            try Ownable.check(context)
            switch function {
            case .setIdentityRegistryStorage: try Self.setAddress(context, Self.storageKey, value, event: Self.identityStorageSet)
            case .setClaimTopicsRegistry: try Self.setAddress(context, Self.topicsRegistryKey, value, event: Self.claimTopicsRegistrySet)
            default: try Self.setAddress(context, Self.issuersRegistryKey, value, event: Self.trustedIssuersRegistrySet)
            }
            return []
        case .disableEligibilityChecks:
            try Ownable.check(context)
            if try !context.loadWord(Self.checksDisabledKey).isZero { throw Revert.error("EligibilityChecksDisabledAlready()") }
            try context.storeWord(Self.checksDisabledKey, .one)
            try context.emit(topics: [Self.checksDisabled], data: [])
            return []
        case .enableEligibilityChecks:
            try Ownable.check(context)
            if try context.loadWord(Self.checksDisabledKey).isZero { throw Revert.error("EligibilityChecksEnabledAlready()") }
            try context.storeWord(Self.checksDisabledKey, .zero)
            try context.emit(topics: [Self.checksEnabled], data: [])
            return []
        case .supportsInterface:
            let args = try Arguments(context, words: 1)
            let id = try args.bytes4(0)
            return Returns.bool(
                id == Self.registryInterfaceId || id == Self.eligibilityInterfaceId || id == IdentityRegistryStorage.erc173InterfaceId
                    || id == InterfaceId.erc165)
        }
    }
}
