import MintSimChain
import MintSimPrimitives

/// T-REX's TimeTransfersLimitsModule (the upgradeable release with removal): up to four limits per
/// compliance, each capping what one sender ONCHAINID may transfer within a window of `limitTime`
/// seconds. A sender identity's counter for a window starts at its first counted transfer and is reset
/// by the first transfer after `block.timestamp` reaches the window's end. Mints always pass, and so
/// do the token's agents; burns are not counted.
///
/// As in the original, removing a limit moves the last limit into its place without updating the moved
/// limit's recorded index, so setting the moved limit again writes to its old index (and panics with
/// 0x32 when that index is now past the end).
public struct TimeTransfersLimitsModule: ComplianceModule {
    public static let kind = "time-transfers-limits-module"
    public var kind: String { Self.kind }
    public static let moduleName = "TimeTransfersLimitsModule"
    public static let isPlugAndPlay = true

    public init() {}
    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode("constructor()", arguments, kind: Self.kind)
    }

    /// `limitValues[compliance][limitTime]`: `IndexLimit{attributedLimit, limitIndex}` packed as Solidity
    /// does (the bool in the lowest byte, the index in the next).
    static let indexSlot: UInt32 = 0
    /// `transferLimits[compliance]`: its length, then each element's time and value by index.
    static let lengthSlot: UInt32 = 1
    static let limitTimeSlot: UInt32 = 2
    static let limitValueSlot: UInt32 = 3
    /// `usersCounters[compliance][identity][limitTime]`: value and timer.
    static let counterValueSlot: UInt32 = 4
    static let counterTimerSlot: UInt32 = 5
    static let maxLimits = 4

    public enum Function: UInt32, FunctionSet {
        case setTimeTransferLimit = 0xd09b_3be0
        case batchSetTimeTransferLimit = 0xcee6_24b2
        case removeTimeTransferLimit = 0x777f_b3f1
        case batchRemoveTimeTransferLimit = 0x92d5_86df
        case getTimeTransferLimits = 0x388e_bb15
        case limitValues = 0x2f6b_bc5d
        case transferLimits = 0x53cc_d57d
        case usersCounters = 0x189f_a403

        public var declaration: String {
            switch self {
            case .setTimeTransferLimit: return "function setTimeTransferLimit((uint32 limitTime, uint256 limitValue) _limit)"
            case .batchSetTimeTransferLimit: return "function batchSetTimeTransferLimit((uint32 limitTime, uint256 limitValue)[] _limits)"
            case .removeTimeTransferLimit: return "function removeTimeTransferLimit(uint32 _limitTime)"
            case .batchRemoveTimeTransferLimit: return "function batchRemoveTimeTransferLimit(uint32[] _limitTimes)"
            case .getTimeTransferLimits:
                return "function getTimeTransferLimits(address _compliance) view returns ((uint32 limitTime, uint256 limitValue)[] limits)"
            case .limitValues:
                return "function limitValues(address, uint32) view returns (bool attributedLimit, uint8 limitIndex)"
            case .transferLimits:
                return "function transferLimits(address, uint256) view returns (uint32 limitTime, uint256 limitValue)"
            case .usersCounters:
                return "function usersCounters(address, address, uint32) view returns (uint256 value, uint256 timer)"
            }
        }
    }

    public static let events = [
        "event TimeTransferLimitUpdated(address indexed compliance, uint32 limitTime, uint256 limitValue)",
        "event TimeTransferLimitRemoved(address indexed compliance, uint32 limitTime)",
    ]
    public static let errors = [
        "error LimitsArraySizeExceeded(address compliance, uint256 arraySize)",
        "error LimitTimeNotFound(address compliance, uint256 limitTime)",
    ]
    static let limitUpdated = topic("TimeTransferLimitUpdated(address,uint32,uint256)")
    static let limitRemoved = topic("TimeTransferLimitRemoved(address,uint32)")

    /// One limit: at most `value` per `time` seconds.
    public struct Limit: Equatable, Sendable {
        public let time: UInt32
        public let value: UInt256
    }

    static func timeWord(_ time: UInt32) -> Hash { UInt256(UInt64(time)).word32 }

    static func indexKey(_ compliance: Address, _ time: UInt32) -> StorageKey {
        StorageKey(indexSlot, compliance.word32, timeWord(time))
    }

    static func elementKey(_ slot: UInt32, _ compliance: Address, _ index: Int) -> StorageKey {
        StorageKey(slot, compliance.word32, UInt256(UInt64(index)).word32)
    }

    static func counterKey(_ slot: UInt32, _ compliance: Address, _ identity: Address, _ time: UInt32) -> StorageKey {
        StorageKey(slot, compliance.word32, Keccak256.hash(identity.word + UInt256(UInt64(time)).bytes32))
    }

    /// `limitValues[compliance][time]`: whether the time has a limit, and the index it was given.
    static func index(_ context: ExecutionContext, _ compliance: Address, _ time: UInt32) throws(Revert) -> (attributed: Bool, index: Int) {
        let word = try context.loadWord(indexKey(compliance, time)).uint64 ?? 0
        return (word & 0xff != 0, Int((word >> 8) & 0xff))
    }

    static func count(_ context: ExecutionContext, _ compliance: Address) throws(Revert) -> Int {
        Int(try context.loadWord(StorageKey(lengthSlot, compliance)).uint64 ?? 0)
    }

    /// `getTimeTransferLimits(compliance)`.
    public static func limits(_ context: ExecutionContext, compliance: Address) throws(Revert) -> [Limit] {
        var limits: [Limit] = []
        for index in 0..<(try count(context, compliance)) { limits.append(try limit(context, compliance, index)) }
        return limits
    }

    static func limit(_ context: ExecutionContext, _ compliance: Address, _ index: Int) throws(Revert) -> Limit {
        let time = try context.loadWord(elementKey(limitTimeSlot, compliance, index)).uint64 ?? 0
        return Limit(
            time: UInt32(truncatingIfNeeded: time), value: try context.loadWord(elementKey(limitValueSlot, compliance, index)))
    }

    static func store(_ context: ExecutionContext, _ compliance: Address, _ index: Int, _ limit: Limit) throws(Revert) {
        try context.storeWord(elementKey(limitTimeSlot, compliance, index), UInt256(UInt64(limit.time)))
        try context.storeWord(elementKey(limitValueSlot, compliance, index), limit.value)
    }

    /// A sender identity's counter for one window: what it has sent, and when the window ends.
    public static func counter(_ context: ExecutionContext, compliance: Address, identity: Address, time: UInt32) throws(Revert)
        -> (value: UInt256, timer: UInt256)
    {
        (
            try context.loadWord(counterKey(counterValueSlot, compliance, identity, time)),
            try context.loadWord(counterKey(counterTimerSlot, compliance, identity, time))
        )
    }

    /// `_isUserCounterFinished`: the window has ended (`timer <= block.timestamp`).
    static func finished(_ context: ExecutionContext, _ timer: UInt256) -> Bool { timer <= UInt256(context.timestamp) }

    /// `setTimeTransferLimit`, after `onlyComplianceCall`.
    static func set(_ context: ExecutionContext, _ limit: Limit) throws(Revert) {
        let compliance = context.sender
        let (attributed, index) = try index(context, compliance, limit.time)
        let count = try count(context, compliance) & 0xff  // uint8(transferLimits.length)
        if !attributed && count >= maxLimits {
            throw Revert.error("LimitsArraySizeExceeded(address,uint256)", [.address(compliance), .uint(UInt256(UInt64(count)))])
        }
        if !attributed {
            try store(context, compliance, count, limit)
            try context.storeWord(StorageKey(lengthSlot, compliance), UInt256(UInt64(count + 1)))
            try context.storeWord(indexKey(compliance, limit.time), UInt256(UInt64(1 | count << 8)))
        } else {
            if index >= (try Self.count(context, compliance)) { throw Revert.panic(0x32) }
            try store(context, compliance, index, limit)
        }
        try context.emit(topics: [limitUpdated, compliance.word32], data: UInt256(UInt64(limit.time)).bytes32 + limit.value.bytes32)
    }

    /// `removeTimeTransferLimit`, after `onlyComplianceCall`.
    static func remove(_ context: ExecutionContext, _ time: UInt32) throws(Revert) {
        let compliance = context.sender
        let limits = try limits(context, compliance: compliance)
        guard let index = limits.firstIndex(where: { $0.time == time }) else {
            throw Revert.error("LimitTimeNotFound(address,uint256)", [.address(compliance), .uint(UInt256(UInt64(time)))])
        }
        let last = limits.count - 1
        if limits.count > 1 && index != last { try store(context, compliance, index, limits[last]) }
        try context.storeWord(elementKey(limitTimeSlot, compliance, last), .zero)
        try context.storeWord(elementKey(limitValueSlot, compliance, last), .zero)
        try context.storeWord(StorageKey(lengthSlot, compliance), UInt256(UInt64(last)))
        try context.storeWord(indexKey(compliance, time), .zero)
        try context.emit(topics: [limitRemoved, compliance.word32], data: UInt256(UInt64(time)).bytes32)
    }

    /// The token's `isAgent(user)` (AgentRole).
    static func isTokenAgent(_ context: ExecutionContext, _ compliance: Address, _ user: Address) throws(Revert) -> Bool {
        let token = try ModuleCore.token(context, compliance: compliance)
        return try ExternalCall.call(context, token, "isAgent(address)(bool)", [.address(user)]).first?.boolValue ?? false
    }

    public static func refusal(_ context: ExecutionContext, from: Address, to: Address, value: UInt256, compliance: Address) throws(Revert)
        -> String?
    {
        if from == .zero { return nil }
        if try isTokenAgent(context, compliance, from) { return nil }
        let identity = try ModuleCore.identity(context, compliance: compliance, user: from)
        for limit in try limits(context, compliance: compliance) {
            if value > limit.value { return "\(kind): \(value) is more than the limit \(limit.value) per \(limit.time)-second window" }
            let counter = try counter(context, compliance: compliance, identity: identity, time: limit.time)
            if finished(context, counter.timer) { continue }
            let total = try ModuleCore.add(counter.value, value)
            if total > limit.value {
                return "\(kind): sender's identity \(identity) has sent \(counter.value) in the \(limit.time)-second window ending at "
                    + "\(counter.timer); \(counter.value) + \(value) = \(total) would pass the limit \(limit.value)"
            }
        }
        return nil
    }

    /// `_increaseCounters` for the sender's identity: resets each ended window, then counts the value.
    public static func transferAction(_ context: ExecutionContext, from: Address, to: Address, value: UInt256) throws(Revert) {
        let compliance = context.sender
        let identity = try ModuleCore.identity(context, compliance: compliance, user: from)
        for limit in try limits(context, compliance: compliance) {
            let valueKey = counterKey(counterValueSlot, compliance, identity, limit.time)
            let timerKey = counterKey(counterTimerSlot, compliance, identity, limit.time)
            var counted = try context.loadWord(valueKey)
            if finished(context, try context.loadWord(timerKey)) {
                try context.storeWord(timerKey, try ModuleCore.add(UInt256(context.timestamp), UInt256(UInt64(limit.time))))
                counted = .zero
            }
            try context.storeWord(valueKey, try ModuleCore.add(counted, value))
        }
    }

    static func encode(_ limits: [Limit]) -> [UInt8] {
        var out = UInt256(UInt64(32)).bytes32 + UInt256(UInt64(limits.count)).bytes32
        for limit in limits { out += UInt256(UInt64(limit.time)).bytes32 + limit.value.bytes32 }
        return out
    }

    /// A `uint32` argument word (higher bits must be zero).
    static func uint32(_ value: UInt256) throws(Revert) -> UInt32 {
        guard let small = value.uint64, small <= UInt64(UInt32.max) else { throw Revert(data: []) }
        return UInt32(small)
    }

    public static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .setTimeTransferLimit:
            let args = try Arguments(context, words: 2)
            try ModuleCore.checkComplianceCall(context)
            try set(context, Limit(time: try uint32(args.uint(0)), value: args.uint(1)))
            return []
        case .batchSetTimeTransferLimit:
            let values = try context.decodeArguments([.array(.tuple([.uint(32), .uint(256)]))]).first
            guard case .array(let items)? = values else { return [] }
            for item in items {
                guard case .tuple(let fields) = item, fields.count == 2 else { throw Revert(data: []) }
                try ModuleCore.checkComplianceCall(context)
                try set(context, Limit(time: try uint32(fields[0].uintValue), value: fields[1].uintValue))
            }
            return []
        case .removeTimeTransferLimit:
            let word = try Arguments(context, words: 1).uint(0)
            try ModuleCore.checkComplianceCall(context)
            try remove(context, try uint32(word))
            return []
        case .batchRemoveTimeTransferLimit:
            let times = try context.decodeArguments([.array(.uint(32))]).first?.uintArray ?? []
            for time in times {
                try ModuleCore.checkComplianceCall(context)
                try remove(context, try uint32(time))
            }
            return []
        case .getTimeTransferLimits:
            let compliance = try Arguments(context, words: 1).address(0)
            return encode(try limits(context, compliance: compliance))
        case .limitValues:
            let args = try Arguments(context, words: 2)
            let compliance = try args.address(0), time = try uint32(args.uint(1))
            let (attributed, index) = try index(context, compliance, time)
            return Returns.bool(attributed) + Returns.uint(UInt64(index))
        case .transferLimits:
            let args = try Arguments(context, words: 2)
            let compliance = try args.address(0)
            let count = try count(context, compliance)
            guard let index = args.uint(1).uint64, index < UInt64(count) else { throw Revert.panic(0x32) }
            let limit = try limit(context, compliance, Int(index))
            return Returns.uint(UInt64(limit.time)) + Returns.uint(limit.value)
        case .usersCounters:
            let args = try Arguments(context, words: 3)
            let compliance = try args.address(0), identity = try args.address(1), time = try uint32(args.uint(2))
            let counter = try counter(context, compliance: compliance, identity: identity, time: time)
            return Returns.uint(counter.value) + Returns.uint(counter.timer)
        }
    }
}
