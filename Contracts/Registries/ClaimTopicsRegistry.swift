import MintSimChain
import MintSimPrimitives

/// T-REX's ClaimTopicsRegistry (4.2): the claim topics an investor's identity must hold a valid
/// claim for. The owner (the deployer) adds and removes topics, at most 15; removal moves the last
/// topic into the freed place (swap and pop), so `getClaimTopics()` order follows T-REX's exactly.
/// Removing a topic that is not there does nothing and emits nothing, as in T-REX.
public struct ClaimTopicsRegistry: ContractModel {
    public static let kind = "claim-topics-registry"
    public var kind: String { Self.kind }

    /// The most topics the registry holds.
    public static let maxTopics = 15

    public init() {}

    public static let constructorDeclaration = "constructor()"

    /// Builds the registry from ABI-encoded constructor arguments (there are none).
    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
        self.init()
    }

    public enum Function: UInt32, FunctionSet {
        case addClaimTopic = 0xc7b2_2551
        case removeClaimTopic = 0x0829_7846
        case getClaimTopics = 0xdf09_d604
        case supportsInterface = 0x01ff_c9a7

        public var declaration: String {
            switch self {
            case .addClaimTopic: return "function addClaimTopic(uint256 _claimTopic)"
            case .removeClaimTopic: return "function removeClaimTopic(uint256 _claimTopic)"
            case .getClaimTopics: return "function getClaimTopics() view returns (uint256[])"
            case .supportsInterface: return "function supportsInterface(bytes4 interfaceId) pure returns (bool)"
            }
        }
    }

    public static let events = [
        "event ClaimTopicAdded(uint256 indexed _claimTopic)", "event ClaimTopicRemoved(uint256 indexed _claimTopic)",
    ]
    public static let errors = ["error MaxTopicsReached(uint256 _max)", "error ClaimTopicAlreadyExists()"]

    public static let interface = ContractInterface(
        [constructorDeclaration] + Function.declarations + OwnableTwoStep.Function.declarations + events + OwnableTwoStep.events + errors
            + OwnableTwoStep.errors)

    /// ERC-165 ids `supportsInterface` answers true for: IERC3643ClaimTopicsRegistry, IERC173, IERC165.
    static let interfaceIds: Set<UInt32> = [0x1092_8b13, 0x7f58_28d0, InterfaceId.erc165]

    static let claimTopicAdded = topic("ClaimTopicAdded(uint256)")
    static let claimTopicRemoved = topic("ClaimTopicRemoved(uint256)")

    /// `_claimTopics`: length at slot 0, entries at slot 1; slot 2 maps a topic to its position + 1.
    static let topics = StoredArray(length: 0, entries: 1)
    static let positionSlot: UInt32 = 2

    public func construct(_ context: ExecutionContext) throws(Revert) {
        try Ownable.setOwner(context, context.sender)
    }

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Function(rawValue: selector) { return try call(function, context) }
        if let function = OwnableTwoStep.Function(rawValue: selector) { return try OwnableTwoStep.call(function, context) }
        throw Revert(data: [])
    }

    // MARK: Reads for other models

    /// The required claim topics, in `getClaimTopics()` order. `context` runs at the registry (see
    /// `ExecutionContext.callNative`).
    public static func claimTopics(_ context: ExecutionContext) throws(Revert) -> [UInt256] {
        try topics.all(context)
    }

    /// Whether `topic` is required.
    public static func contains(_ context: ExecutionContext, _ topic: UInt256) throws(Revert) -> Bool {
        try !context.loadWord(StorageKey(positionSlot, topic)).isZero
    }

    // MARK: Writes

    /// `addClaimTopic`: MaxTopicsReached(15) when full, then ClaimTopicAlreadyExists().
    static func add(_ context: ExecutionContext, _ topic: UInt256) throws(Revert) {
        let count = try topics.count(context)
        if count >= maxTopics { throw Revert.error("MaxTopicsReached(uint256)", [.uint(UInt256(UInt64(maxTopics)))]) }
        if try contains(context, topic) { throw Revert.error("ClaimTopicAlreadyExists()") }
        try topics.append(context, topic)
        try context.storeWord(StorageKey(positionSlot, topic), UInt256(UInt64(count + 1)))
        try context.emit(topics: [claimTopicAdded, topic.word32], data: [])
    }

    /// `removeClaimTopic`: the last topic takes the removed one's place; an absent topic is ignored.
    static func remove(_ context: ExecutionContext, _ topic: UInt256) throws(Revert) {
        let position = try context.loadWord(StorageKey(positionSlot, topic))
        guard let stored = position.uint64, stored > 0 else { return }
        let index = Int(truncatingIfNeeded: stored - 1)
        let last = try topics.count(context) - 1
        if index != last {
            let moved = try topics.entry(context, last)
            try topics.set(context, index, moved)
            try context.storeWord(StorageKey(positionSlot, moved), position)
        }
        try topics.removeLast(context)
        try context.storeWord(StorageKey(positionSlot, topic), .zero)
        try context.emit(topics: [claimTopicRemoved, topic.word32], data: [])
    }

    func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .addClaimTopic:
            let args = try Arguments(context, words: 1)
            try Ownable.check(context)
            try Self.add(context, args.uint(0))
            return []
        case .removeClaimTopic:
            let args = try Arguments(context, words: 1)
            try Ownable.check(context)
            try Self.remove(context, args.uint(0))
            return []
        case .getClaimTopics:
            return ArrayEncoding.uints(try Self.claimTopics(context))
        case .supportsInterface:
            let args = try Arguments(context, words: 1)
            return Returns.bool(Self.interfaceIds.contains(try args.bytes4(0)))
        }
    }
}
