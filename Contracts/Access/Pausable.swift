import MintSimChain
import MintSimPrimitives

/// OpenZeppelin's Pausable, with `pause()`/`unpause()` restricted to PAUSER_ROLE as OpenZeppelin's
/// generated tokens do.
public enum Pausable {
    static let pausedSlot = StorageKey(102)

    public enum Function: UInt32, FunctionSet {
        case paused = 0x5c97_5abb
        case pause = 0x8456_cb59
        case unpause = 0x3f4b_a83a

        public var declaration: String {
            switch self {
            case .paused: return "function paused() view returns (bool)"
            case .pause: return "function pause()"
            case .unpause: return "function unpause()"
            }
        }
    }

    public static let events = ["event Paused(address account)", "event Unpaused(address account)"]
    public static let errors = ["error EnforcedPause()", "error ExpectedPause()"]

    static let pausedEvent = topic("Paused(address)")
    static let unpausedEvent = topic("Unpaused(address)")

    public static func isPaused(_ context: ExecutionContext) throws(Revert) -> Bool {
        try !context.loadWord(pausedSlot).isZero
    }

    /// `whenNotPaused`: EnforcedPause() while paused.
    public static func requireNotPaused(_ context: ExecutionContext) throws(Revert) {
        if try isPaused(context) { throw Revert.error("EnforcedPause()") }
    }

    /// `_pause()`: EnforcedPause() when already paused; emits Paused(caller).
    public static func pause(_ context: ExecutionContext) throws(Revert) {
        try requireNotPaused(context)
        try context.storeWord(pausedSlot, .one)
        try context.emit(topics: [pausedEvent], data: context.sender.word)
    }

    /// `_unpause()`: ExpectedPause() when not paused; emits Unpaused(caller).
    public static func unpause(_ context: ExecutionContext) throws(Revert) {
        guard try isPaused(context) else { throw Revert.error("ExpectedPause()") }
        try context.storeWord(pausedSlot, .zero)
        try context.emit(topics: [unpausedEvent], data: context.sender.word)
    }

    static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .paused:
            return Returns.bool(try isPaused(context))
        case .pause:
            try AccessControl.check(context, Role.pauser)
            try pause(context)
            return []
        case .unpause:
            try AccessControl.check(context, Role.pauser)
            try unpause(context)
            return []
        }
    }
}
