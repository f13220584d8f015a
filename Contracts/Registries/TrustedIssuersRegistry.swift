import MintSimChain
import MintSimPrimitives

/// T-REX's TrustedIssuersRegistry (4.2): the claim issuers (ONCHAINID ClaimIssuer contracts) whose
/// claims count, each with the claim topics it is trusted for. The owner (the deployer) adds an
/// issuer with 1 to 15 topics (at most 50 issuers), updates its topics or removes it.
///
/// Lists keep T-REX's order: removing an issuer moves the last issuer into its place, and for each
/// of its topics (in its stored order) the first occurrence of the issuer in that topic's list is
/// replaced by the list's last entry (swap and pop). Topics given twice are kept twice, as in
/// T-REX, so the issuer then appears twice in that topic's list.
public struct TrustedIssuersRegistry: ContractModel {
    public static let kind = "trusted-issuers-registry"
    public var kind: String { Self.kind }

    /// The most topics one issuer is trusted for.
    public static let maxTopicsPerIssuer = 15
    /// The most trusted issuers.
    public static let maxIssuers = 50

    public init() {}

    public static let constructorDeclaration = "constructor()"

    /// Builds the registry from ABI-encoded constructor arguments (there are none).
    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
        self.init()
    }

    public enum Function: UInt32, FunctionSet {
        case addTrustedIssuer = 0x9f63_ea98
        case removeTrustedIssuer = 0xb93d_28eb
        case updateIssuerClaimTopics = 0x04bc_7e84
        case getTrustedIssuers = 0xd9dd_24c5
        case getTrustedIssuersForClaimTopic = 0x52c1_11d1
        case isTrustedIssuer = 0xef2e_d1a4
        case getTrustedIssuerClaimTopics = 0xc28f_b278
        case hasClaimTopic = 0x34a8_9987
        case supportsInterface = 0x01ff_c9a7

        public var declaration: String {
            switch self {
            case .addTrustedIssuer: return "function addTrustedIssuer(address _trustedIssuer, uint256[] _claimTopics)"
            case .removeTrustedIssuer: return "function removeTrustedIssuer(address _trustedIssuer)"
            case .updateIssuerClaimTopics: return "function updateIssuerClaimTopics(address _trustedIssuer, uint256[] _claimTopics)"
            case .getTrustedIssuers: return "function getTrustedIssuers() view returns (address[])"
            case .getTrustedIssuersForClaimTopic:
                return "function getTrustedIssuersForClaimTopic(uint256 claimTopic) view returns (address[])"
            case .isTrustedIssuer: return "function isTrustedIssuer(address _issuer) view returns (bool)"
            case .getTrustedIssuerClaimTopics:
                return "function getTrustedIssuerClaimTopics(address _trustedIssuer) view returns (uint256[])"
            case .hasClaimTopic: return "function hasClaimTopic(address _issuer, uint256 _claimTopic) view returns (bool)"
            case .supportsInterface: return "function supportsInterface(bytes4 interfaceId) pure returns (bool)"
            }
        }
    }

    public static let events = [
        "event TrustedIssuerAdded(address indexed _trustedIssuer, uint256[] _claimTopics)",
        "event TrustedIssuerRemoved(address indexed _trustedIssuer)",
        "event ClaimTopicsUpdated(address indexed _trustedIssuer, uint256[] _claimTopics)",
    ]
    public static let errors = [
        "error ZeroAddress()", "error ClaimTopicsCannotBeEmpty()", "error MaxClaimTopcisReached(uint256 _max)",
        "error MaxTrustedIssuersReached(uint256 _max)", "error NotATrustedIssuer()", "error TrustedClaimTopicsCannotBeEmpty()",
        "error TrustedIssuerAlreadyExists()", "error TrustedIssuerDoesNotExist()",
    ]

    public static let interface = ContractInterface(
        [constructorDeclaration] + Function.declarations + Ownable.Function.declarations + events + Ownable.events + errors
            + Ownable.errors)

    /// ERC-165 ids `supportsInterface` answers true for: IERC3643TrustedIssuersRegistry, IERC173, IERC165.
    static let interfaceIds: Set<UInt32> = [0xb0f7_73b8, 0x7f58_28d0, InterfaceId.erc165]

    static let trustedIssuerAdded = topic("TrustedIssuerAdded(address,uint256[])")
    static let trustedIssuerRemoved = topic("TrustedIssuerRemoved(address)")
    static let claimTopicsUpdated = topic("ClaimTopicsUpdated(address,uint256[])")

    /// `_trustedIssuers`: length at slot 0, entries at slot 1; slot 2 maps an issuer to its position + 1.
    static let issuerList = StoredArray(length: 0, entries: 1)
    static let positionSlot: UInt32 = 2

    /// `_trustedIssuerClaimTopics[issuer]`: lengths at slot 3, entries at slot 4.
    static func issuerTopics(_ issuer: Address) -> StoredArray { StoredArray(length: 3, entries: 4, key: issuer.word32) }

    /// `_claimTopicsToTrustedIssuers[topic]`: lengths at slot 5, entries at slot 6.
    static func topicIssuers(_ topic: UInt256) -> StoredArray { StoredArray(length: 5, entries: 6, key: topic.word32) }

    public func construct(_ context: ExecutionContext) throws(Revert) {
        try Ownable.setOwner(context, context.sender)
    }

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Function(rawValue: selector) { return try call(function, context) }
        if let function = Ownable.Function(rawValue: selector) { return try Ownable.call(function, context) }
        throw Revert(data: [])
    }

    // MARK: Reads for other models (`context` runs at the registry: see `ExecutionContext.callNative`)

    /// Every trusted issuer, in `getTrustedIssuers()` order.
    public static func issuers(_ context: ExecutionContext) throws(Revert) -> [Address] {
        try issuerList.all(context).map { Address(word32: $0.word32) }
    }

    /// The issuers trusted for `topic`, in `getTrustedIssuersForClaimTopic(topic)` order.
    public static func issuers(_ context: ExecutionContext, forTopic topic: UInt256) throws(Revert) -> [Address] {
        try topicIssuers(topic).all(context).map { Address(word32: $0.word32) }
    }

    /// Whether `issuer` is trusted (for at least one topic).
    public static func isTrustedIssuer(_ context: ExecutionContext, _ issuer: Address) throws(Revert) -> Bool {
        try issuerTopics(issuer).count(context) > 0
    }

    /// The topics `issuer` is trusted for, as given (empty for an issuer that is not trusted, where
    /// `getTrustedIssuerClaimTopics` reverts).
    public static func claimTopics(_ context: ExecutionContext, of issuer: Address) throws(Revert) -> [UInt256] {
        try issuerTopics(issuer).all(context)
    }

    /// Whether `issuer` is trusted for `topic`.
    public static func hasClaimTopic(_ context: ExecutionContext, issuer: Address, topic: UInt256) throws(Revert) -> Bool {
        try claimTopics(context, of: issuer).contains(topic)
    }

    // MARK: Writes

    /// `addTrustedIssuer`, checks in T-REX's order: ZeroAddress(), TrustedIssuerAlreadyExists(),
    /// TrustedClaimTopicsCannotBeEmpty(), MaxClaimTopcisReached(15), MaxTrustedIssuersReached(50).
    static func add(_ context: ExecutionContext, _ issuer: Address, _ topics: [UInt256]) throws(Revert) {
        if issuer == .zero { throw Revert.error("ZeroAddress()") }
        if try isTrustedIssuer(context, issuer) { throw Revert.error("TrustedIssuerAlreadyExists()") }
        if topics.isEmpty { throw Revert.error("TrustedClaimTopicsCannotBeEmpty()") }
        if topics.count > maxTopicsPerIssuer { throw maxClaimTopicsReached }
        let count = try issuerList.count(context)
        if count >= maxIssuers {
            throw Revert.error("MaxTrustedIssuersReached(uint256)", [.uint(UInt256(UInt64(maxIssuers)))])
        }
        let word = UInt256(word32: issuer.word32)
        try issuerList.append(context, word)
        try context.storeWord(StorageKey(positionSlot, issuer), UInt256(UInt64(count + 1)))
        try issuerTopics(issuer).assign(context, topics)
        for topic in topics { try topicIssuers(topic).append(context, word) }
        try context.emit(topics: [trustedIssuerAdded, issuer.word32], data: ArrayEncoding.uints(topics))
    }

    /// `removeTrustedIssuer`: ZeroAddress(), then NotATrustedIssuer().
    static func remove(_ context: ExecutionContext, _ issuer: Address) throws(Revert) {
        if issuer == .zero { throw Revert.error("ZeroAddress()") }
        guard try isTrustedIssuer(context, issuer) else { throw Revert.error("NotATrustedIssuer()") }
        let positionKey = StorageKey(positionSlot, issuer)
        let position = try context.loadWord(positionKey)
        if let stored = position.uint64, stored > 0 {
            let index = Int(truncatingIfNeeded: stored - 1)
            let last = try issuerList.count(context) - 1
            if index != last {
                let moved = try issuerList.entry(context, last)
                try issuerList.set(context, index, moved)
                try context.storeWord(StorageKey(positionSlot, Address(word32: moved.word32)), position)
            }
            try issuerList.removeLast(context)
            try context.storeWord(positionKey, .zero)
        }
        try unlinkTopics(context, issuer)
        try issuerTopics(issuer).assign(context, [])
        try context.emit(topics: [trustedIssuerRemoved, issuer.word32], data: [])
    }

    /// `updateIssuerClaimTopics`: ZeroAddress(), NotATrustedIssuer(), MaxClaimTopcisReached(15), then
    /// ClaimTopicsCannotBeEmpty() (T-REX checks the upper bound first here).
    static func update(_ context: ExecutionContext, _ issuer: Address, _ topics: [UInt256]) throws(Revert) {
        if issuer == .zero { throw Revert.error("ZeroAddress()") }
        guard try isTrustedIssuer(context, issuer) else { throw Revert.error("NotATrustedIssuer()") }
        if topics.count > maxTopicsPerIssuer { throw maxClaimTopicsReached }
        if topics.isEmpty { throw Revert.error("ClaimTopicsCannotBeEmpty()") }
        try unlinkTopics(context, issuer)
        try issuerTopics(issuer).assign(context, topics)
        let word = UInt256(word32: issuer.word32)
        for topic in topics { try topicIssuers(topic).append(context, word) }
        try context.emit(topics: [claimTopicsUpdated, issuer.word32], data: ArrayEncoding.uints(topics))
    }

    static var maxClaimTopicsReached: Revert {
        Revert.error("MaxClaimTopcisReached(uint256)", [.uint(UInt256(UInt64(maxTopicsPerIssuer)))])
    }

    /// Takes `issuer` out of the list of each of its topics, once per stored topic.
    static func unlinkTopics(_ context: ExecutionContext, _ issuer: Address) throws(Revert) {
        let word = UInt256(word32: issuer.word32)
        for topic in try claimTopics(context, of: issuer) { try topicIssuers(topic).swapRemoveFirst(context, word) }
    }

    func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .addTrustedIssuer, .updateIssuerClaimTopics:
            let values = try context.decodeArguments([.address, .array(.uint(256))])
            let issuer = values[0].addressValue, topics = values[1].uintArray
            try Ownable.check(context)
            if function == .addTrustedIssuer {
                try Self.add(context, issuer, topics)
            } else {
                try Self.update(context, issuer, topics)
            }
            return []
        case .removeTrustedIssuer:
            let args = try Arguments(context, words: 1)
            let issuer = try args.address(0)
            try Ownable.check(context)
            try Self.remove(context, issuer)
            return []
        case .getTrustedIssuers:
            return ArrayEncoding.addresses(try Self.issuers(context))
        case .getTrustedIssuersForClaimTopic:
            let args = try Arguments(context, words: 1)
            return ArrayEncoding.addresses(try Self.issuers(context, forTopic: args.uint(0)))
        case .isTrustedIssuer:
            let args = try Arguments(context, words: 1)
            return Returns.bool(try Self.isTrustedIssuer(context, args.address(0)))
        case .getTrustedIssuerClaimTopics:
            let args = try Arguments(context, words: 1)
            let topics = try Self.claimTopics(context, of: args.address(0))
            if topics.isEmpty { throw Revert.error("TrustedIssuerDoesNotExist()") }
            return ArrayEncoding.uints(topics)
        case .hasClaimTopic:
            let args = try Arguments(context, words: 2)
            return Returns.bool(try Self.hasClaimTopic(context, issuer: args.address(0), topic: args.uint(1)))
        case .supportsInterface:
            let args = try Arguments(context, words: 1)
            return Returns.bool(Self.interfaceIds.contains(try args.bytes4(0)))
        }
    }
}
