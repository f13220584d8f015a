import MintSimChain
import MintSimPrimitives

/// OpenZeppelin v5's Ownable: one owner, set at deployment, who may transfer or renounce ownership.
public enum Ownable {
    static let ownerSlot = StorageKey(103)

    public enum Function: UInt32, FunctionSet {
        case owner = 0x8da5_cb5b
        case transferOwnership = 0xf2fd_e38b
        case renounceOwnership = 0x7150_18a6

        public var declaration: String {
            switch self {
            case .owner: return "function owner() view returns (address)"
            case .transferOwnership: return "function transferOwnership(address newOwner)"
            case .renounceOwnership: return "function renounceOwnership()"
            }
        }
    }

    public static let events = ["event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)"]
    public static let errors = ["error OwnableUnauthorizedAccount(address account)", "error OwnableInvalidOwner(address owner)"]

    static let ownershipTransferred = topic("OwnershipTransferred(address,address)")

    public static func owner(_ context: ExecutionContext) throws(Revert) -> Address {
        Address(word32: try context.loadWord(ownerSlot).word32)
    }

    /// `onlyOwner`: OwnableUnauthorizedAccount(caller) for anyone else.
    public static func check(_ context: ExecutionContext) throws(Revert) {
        guard try owner(context) == context.sender else {
            throw Revert.error("OwnableUnauthorizedAccount(address)", [.address(context.sender)])
        }
    }

    /// `_transferOwnership`: sets the owner and emits OwnershipTransferred.
    public static func setOwner(_ context: ExecutionContext, _ newOwner: Address) throws(Revert) {
        let previous = try owner(context)
        try context.storeWord(ownerSlot, UInt256(word32: newOwner.word32))
        try context.emit(topics: [ownershipTransferred, previous.word32, newOwner.word32], data: [])
    }

    static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .owner:
            return Returns.address(try owner(context))
        case .transferOwnership:
            let args = try Arguments(context, words: 1)
            let newOwner = try args.address(0)
            try check(context)
            if newOwner == .zero { throw Revert.error("OwnableInvalidOwner(address)", [.address(.zero)]) }
            try setOwner(context, newOwner)
            return []
        case .renounceOwnership:
            try check(context)
            try setOwner(context, .zero)
            return []
        }
    }
}

/// T-REX's AgentRole (4.2): agents added and removed by the owner; `onlyAgent` functions revert with
/// CallerDoesNotHaveAgentRole() for anyone else.
public enum AgentRole {
    static let agentsSlot: UInt32 = 104

    public enum Function: UInt32, FunctionSet {
        case addAgent = 0x84e7_9842
        case removeAgent = 0x97a6_278e
        case isAgent = 0x1ffb_b064

        public var declaration: String {
            switch self {
            case .addAgent: return "function addAgent(address _agent)"
            case .removeAgent: return "function removeAgent(address _agent)"
            case .isAgent: return "function isAgent(address _agent) view returns (bool)"
            }
        }
    }

    public static let events = ["event AgentAdded(address indexed _agent)", "event AgentRemoved(address indexed _agent)"]
    public static let errors = [
        "error CallerDoesNotHaveAgentRole()", "error ZeroAddress()", "error AccountAlreadyHasRole()",
        "error AccountDoesNotHaveRole()",
    ]

    static let agentAdded = topic("AgentAdded(address)")
    static let agentRemoved = topic("AgentRemoved(address)")

    public static func isAgent(_ context: ExecutionContext, _ account: Address) throws(Revert) -> Bool {
        try !context.loadWord(StorageKey(agentsSlot, account)).isZero
    }

    /// `onlyAgent` for the caller.
    public static func check(_ context: ExecutionContext) throws(Revert) {
        guard try isAgent(context, context.sender) else { throw Revert.error("CallerDoesNotHaveAgentRole()") }
    }

    /// Adds an agent (AccountAlreadyHasRole() if it is one) and emits AgentAdded.
    public static func add(_ context: ExecutionContext, _ agent: Address) throws(Revert) {
        if agent == .zero { throw Revert.error("ZeroAddress()") }
        if try isAgent(context, agent) { throw Revert.error("AccountAlreadyHasRole()") }
        try context.storeWord(StorageKey(agentsSlot, agent), .one)
        try context.emit(topics: [agentAdded, agent.word32], data: [])
    }

    /// Removes an agent (AccountDoesNotHaveRole() if it is none) and emits AgentRemoved.
    public static func remove(_ context: ExecutionContext, _ agent: Address) throws(Revert) {
        if agent == .zero { throw Revert.error("ZeroAddress()") }
        guard try isAgent(context, agent) else { throw Revert.error("AccountDoesNotHaveRole()") }
        try context.storeWord(StorageKey(agentsSlot, agent), .zero)
        try context.emit(topics: [agentRemoved, agent.word32], data: [])
    }

    static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        let args = try Arguments(context, words: 1)
        let account = try args.address(0)
        switch function {
        case .addAgent:
            try Ownable.check(context)
            try add(context, account)
            return []
        case .removeAgent:
            try Ownable.check(context)
            try remove(context, account)
            return []
        case .isAgent:
            return Returns.bool(try isAgent(context, account))
        }
    }
}

/// T-REX 4.2's OwnableOnceNext2StepUpgradeable, as its sources code it: `transferOwnership` only
/// names a pending owner (OwnershipTransferStarted) — the "first call is immediate" branch is never
/// taken, since nothing sets it — and the pending owner takes over with `acceptOwnership`. There is
/// no `renounceOwnership` and no zero-address check. The token, identity registry and storage,
/// claim topics registry, modular compliance and compliance modules use it.
public enum OwnableTwoStep {
    static let pendingOwnerSlot = StorageKey(105)

    public enum Function: UInt32, FunctionSet {
        case owner = 0x8da5_cb5b
        case transferOwnership = 0xf2fd_e38b
        case acceptOwnership = 0x79ba_5097

        public var declaration: String {
            switch self {
            case .owner: return "function owner() view returns (address)"
            case .transferOwnership: return "function transferOwnership(address newOwner)"
            case .acceptOwnership: return "function acceptOwnership()"
            }
        }
    }

    public static let events = Ownable.events + ["event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)"]
    public static let errors = ["error OwnableUnauthorizedAccount(address account)"]

    static let ownershipTransferStarted = topic("OwnershipTransferStarted(address,address)")

    static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .owner:
            return Returns.address(try Ownable.owner(context))
        case .transferOwnership:
            let args = try Arguments(context, words: 1)
            let newOwner = try args.address(0)
            try Ownable.check(context)
            try context.storeWord(pendingOwnerSlot, UInt256(word32: newOwner.word32))
            try context.emit(topics: [ownershipTransferStarted, try Ownable.owner(context).word32, newOwner.word32], data: [])
            return []
        case .acceptOwnership:
            let pending = Address(word32: try context.loadWord(pendingOwnerSlot).word32)
            guard pending == context.sender else {
                throw Revert.error("OwnableUnauthorizedAccount(address)", [.address(context.sender)])
            }
            try Ownable.setOwner(context, context.sender)
            return []
        }
    }
}
