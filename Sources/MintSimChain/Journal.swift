import MintSimPrimitives

/// One undoable change to the world state.
enum JournalEntry {
    /// The account's value before the change (nil: it did not exist).
    case account(Address, previous: Account?)
    /// A storage value before the change (nil: unset).
    case storage(Address, StorageKey, previous: StorageValue?)
    /// The code at an address before the change (nil: none).
    case code(Address, previous: (any ContractModel)?)
}

/// The world state: accounts, contract code and storage, with a journal of every change so that
/// any checkpoint can be undone exactly (a reverted call, a failed transaction, a snapshot revert).
///
/// Checkpoints nest. While any is open every change is journaled; once the last one is committed
/// the journal is dropped, so a chain without open snapshots keeps no journal in memory. Separately,
/// when history is kept, every change's previous value is recorded in `history`, so that the state
/// at the end of each recent block can be brought back for a read (see `rewind(toEndOf:)`).
final class WorldState {
    private(set) var accounts = AddressMap<Account>()
    private(set) var code = AddressMap<any ContractModel>()
    private(set) var storage = FastMap<Address, FastMap<StorageKey, StorageValue>>()
    private var journal: [JournalEntry] = []
    /// Where the journal and the history stood at each open checkpoint, oldest first; a checkpoint
    /// is named by its depth.
    private var checkpoints: [Checkpoint] = []
    private(set) var history = StateHistory()
    /// Whether changes are recorded in `history`: history is kept and no scratch checkpoint is open.
    private var recording = false
    /// Whether the keys of changed values are collected for a store (see `takeChanges`).
    var tracking = false
    /// Keys changed since the last `takeChanges`, repeats included (reverts add theirs too, so that
    /// a store always writes the values as they are now).
    private var changedAccounts: [Address] = []
    private var changedCode: [Address] = []
    private var changedStorage: [(Address, StorageKey)] = []

    private struct Checkpoint {
        let journal: Int
        let history: StateHistory.Position
        let recording: Bool
    }

    /// Where values not in memory are read from (a chain re-opened read-only from a store reads its
    /// state on demand); nil: what is not in memory does not exist. Values read are kept in memory,
    /// outside the journal: a revert that forgets one only means it is read again.
    var source: (any StateSource)?

    func account(_ address: Address) -> Account {
        if let account = accounts[address] { return account }
        guard let source, let account = source.account(address) else { return .empty }
        accounts[address] = account
        return account
    }

    func exists(_ address: Address) -> Bool {
        accounts[address] != nil || (source.map { $0.account(address) != nil } ?? false)
    }

    func set(_ address: Address, _ account: Account) {
        let previous = accounts.updateValue(account, forKey: address)
        if tracking { changedAccounts.append(address) }
        if !checkpoints.isEmpty { journal.append(.account(address, previous: previous)) }
        if recording { history.record(address, previous: previous) }
    }

    /// Adds `value` to an account's native balance (callers have checked that it cannot overflow:
    /// total ether never exceeds what was minted).
    func credit(_ address: Address, _ value: UInt256) {
        guard !value.isZero else { return }
        var account = account(address)
        account.balance = account.balance &+ value
        set(address, account)
    }

    func contract(at address: Address) -> (any ContractModel)? {
        if let model = code[address] { return model }
        guard let source, let model = source.contract(at: address) else { return nil }
        code[address] = model
        return model
    }

    func setCode(_ model: (any ContractModel)?, at address: Address) {
        let previous = contract(at: address)
        if tracking { changedCode.append(address) }
        if !checkpoints.isEmpty { journal.append(.code(address, previous: previous)) }
        if recording { history.code.append((address, previous)) }
        code[address] = model
    }

    func load(_ address: Address, _ key: StorageKey) -> StorageValue? {
        if let value = storage[address]?[key] { return value.isEmpty ? nil : value }
        guard let source, let value = source.storage(of: address, key) else { return nil }
        storage.modify(address, default: FastMap(capacity: 4)) { $0[key] = value }
        return value
    }

    /// What memory holds for a stored value: nil for none, except on a chain reading from a source,
    /// where a value set to nothing is kept as an empty word (not read from the source again).
    @inline(__always)
    private func memoryValue(_ value: StorageValue?) -> StorageValue? {
        value ?? (source == nil ? nil : .word(.zero))
    }

    func store(_ address: Address, _ key: StorageKey, _ value: StorageValue) {
        store(address, key, value, previous: load(address, key))
    }

    /// Stores a value whose current value the caller has just read (`previous`), saving a lookup.
    func store(_ address: Address, _ key: StorageKey, _ value: StorageValue, previous: StorageValue?) {
        let stored: StorageValue? = value.isEmpty ? nil : value
        guard previous != stored else { return }
        if tracking { changedStorage.append((address, key)) }
        if !checkpoints.isEmpty { journal.append(.storage(address, key, previous: previous)) }
        if recording { history.storage.append((address, key, previous)) }
        storage.modify(address, default: FastMap(capacity: 4)) { $0[key] = memoryValue(stored) }
    }


    /// Opens a checkpoint and returns its depth.
    func checkpoint() -> Int {
        checkpoints.append(Checkpoint(journal: journal.count, history: history.position, recording: recording))
        return checkpoints.count - 1
    }

    /// Opens a checkpoint that will be reverted, never committed (a simulation, a read at a past
    /// block): its changes are not recorded in the history.
    func scratchCheckpoint() -> Int {
        let depth = checkpoint()
        recording = false
        return depth
    }

    var openCheckpoints: Int { checkpoints.count }

    /// Keeps the changes since checkpoint `depth` (and closes any opened after it).
    func commit(_ depth: Int) {
        checkpoints.removeSubrange(depth...)
        if checkpoints.isEmpty { journal.removeAll(keepingCapacity: true) }
    }

    /// Undoes every change since checkpoint `depth`, newest first, and closes it and any opened after
    /// it. The history forgets those changes too: they never happened.
    func revert(_ depth: Int) {
        let checkpoint = checkpoints[depth]
        while journal.count > checkpoint.journal {
            guard let entry = journal.popLast() else { break }
            switch entry {
            case .account(let address, let previous):
                accounts[address] = previous
                if tracking { changedAccounts.append(address) }
            case .storage(let address, let key, let previous):
                storage.modify(address, default: FastMap(capacity: 4)) { $0[key] = memoryValue(previous) }
                if tracking { changedStorage.append((address, key)) }
            case .code(let address, let previous):
                code[address] = previous
                if tracking { changedCode.append(address) }
            }
        }
        history.truncate(to: checkpoint.history)
        recording = checkpoint.recording
        checkpoints.removeSubrange(depth...)
        if checkpoints.isEmpty { journal.removeAll(keepingCapacity: true) }
    }

    var journalLength: Int { journal.count }

    // MARK: - Changes for a store

    /// Whether anything changed since the last `takeChanges`.
    var hasChanges: Bool { !changedAccounts.isEmpty || !changedCode.isEmpty || !changedStorage.isEmpty }

    /// The current values of everything changed since the last call, each key once (nil: the value
    /// no longer exists), and starts collecting anew.
    func takeChanges() -> StateChanges {
        var out = StateChanges()
        if !changedAccounts.isEmpty {
            var seen = AddressMap<Bool>()
            for address in changedAccounts where seen.updateValue(true, forKey: address) == nil {
                out.accounts.append((address, accounts[address]))
            }
            changedAccounts.removeAll(keepingCapacity: true)
        }
        if !changedCode.isEmpty {
            var seen = AddressMap<Bool>()
            for address in changedCode where seen.updateValue(true, forKey: address) == nil {
                out.code.append((address, code[address]))
            }
            changedCode.removeAll(keepingCapacity: true)
        }
        if !changedStorage.isEmpty {
            var seen = Set<StorageSlot>()
            for (address, key) in changedStorage where seen.insert(StorageSlot(address: address, key: key)).inserted {
                out.storage.append((address, key, storage[address]?[key].flatMap { $0.isEmpty ? nil : $0 }))
            }
            changedStorage.removeAll(keepingCapacity: true)
        }
        return out
    }

    private struct StorageSlot: Hashable {
        let address: Address
        let key: StorageKey
    }

    /// Every account, contract and stored value, for a full copy into a store.
    func everything() -> StateChanges {
        var out = StateChanges()
        accounts.forEach { address, account in out.accounts.append((address, account)) }
        code.forEach { address, model in out.code.append((address, model)) }
        storage.forEach { address, slots in
            slots.forEach { key, value in
                if !value.isEmpty { out.storage.append((address, key, value)) }
            }
        }
        return out
    }

    /// Fills an empty state (a chain re-opened from a store); nothing is journaled or tracked.
    func load(accounts: [(Address, Account)], code: [(Address, any ContractModel)], storage: [(Address, StorageKey, StorageValue)]) {
        for (address, account) in accounts { self.accounts[address] = account }
        for (address, model) in code { self.code[address] = model }
        for (address, key, value) in storage where !value.isEmpty {
            self.storage.modify(address, default: FastMap(capacity: 4)) { $0[key] = value }
        }
    }
    var accountCount: Int { accounts.count }

    // MARK: - History

    /// Starts recording history, keeping the state of the latest `blocks` blocks before the current
    /// one (0: none).
    func keepHistory(blocks: Int) {
        history.setLimit(blocks)
        recording = history.limit > 0
    }

    /// Marks the end of block `number` in the history (the state now is that block's).
    func endBlock(_ number: UInt64) {
        guard history.limit > 0 else { return }
        history.endBlock(number)
    }

    /// Opens a scratch checkpoint and brings back the state at the end of block `number`, which the
    /// history must cover and which must be before the latest block; reverting the checkpoint puts
    /// the current state back.
    func rewind(toEndOf number: UInt64) -> Int {
        let depth = scratchCheckpoint()
        guard let end = history.end(of: number) else { return depth }
        // Each list is independent of the others; within one, newest first. An account created
        // after `end` did not exist at `end` (accounts are removed only by reverts, which drop
        // their history), so removing created accounts last leaves them absent.
        let accountUndo = history.accounts, createdUndo = history.created
        let storageUndo = history.storage, codeUndo = history.code
        let dropped = history.dropped
        for (address, previous) in accountUndo[(end.accounts - dropped.accounts)...].reversed() {
            journal.append(.account(address, previous: accounts.updateValue(previous, forKey: address)))
        }
        for address in createdUndo[(end.created - dropped.created)...].reversed() {
            journal.append(.account(address, previous: accounts.updateValue(nil, forKey: address)))
        }
        for (address, key, previous) in storageUndo[(end.storage - dropped.storage)...].reversed() {
            let replaced = storage.modify(address, default: FastMap(capacity: 4)) { slots in
                slots.updateValue(memoryValue(previous), forKey: key).flatMap { $0.isEmpty ? nil : $0 }
            }
            journal.append(.storage(address, key, previous: replaced))
        }
        for (address, previous) in codeUndo[(end.code - dropped.code)...].reversed() {
            journal.append(.code(address, previous: code[address]))
            code[address] = previous
        }
        return depth
    }

    /// Forgets the ends of blocks after `number` (blocks a snapshot revert removed).
    func dropHistory(after number: UInt64) {
        history.dropBlocks(after: number)
    }
}

/// The previous value of every account, storage value and code changed during the most recent
/// blocks, in order, and where each of those blocks ended: undoing everything recorded after a
/// block's end gives back the state at that end. Older entries are dropped as blocks are added.
struct StateHistory {
    /// Previous values of changed accounts that existed.
    var accounts: [(Address, Account)] = []
    /// Accounts that did not exist before a change.
    var created: [Address] = []
    var storage: [(Address, StorageKey, StorageValue?)] = []
    var code: [(Address, (any ContractModel)?)] = []
    /// How many entries each list has dropped from its front: an entry's position counts from the
    /// first ever recorded, so positions stay valid as the lists are compacted.
    private(set) var dropped = Position()
    /// Where each stored block ended, oldest first (block `firstBlock` first). Blocks older than the
    /// limit stay stored, out of reach, until as many as the limit (at least 16) have gathered: the
    /// lists are compacted about as often anyway, since their live part is the limit's blocks.
    private var ends: [Position] = []
    private var firstBlock: UInt64 = 0
    /// Blocks kept before the latest one.
    private(set) var limit = 0
    /// More than this many stored blocks are pruned to `limit + 1`.
    private var pruneAbove = 0

    struct Position: Equatable {
        var accounts = 0, created = 0, storage = 0, code = 0
    }

    /// Where the lists end now.
    var position: Position {
        Position(
            accounts: dropped.accounts + accounts.count, created: dropped.created + created.count,
            storage: dropped.storage + storage.count, code: dropped.code + code.count)
    }

    @inline(__always)
    mutating func record(_ address: Address, previous: Account?) {
        if let previous {
            accounts.append((address, previous))
        } else {
            created.append(address)
        }
    }

    /// Sets how many blocks before the latest are kept.
    mutating func setLimit(_ blocks: Int) {
        limit = max(blocks, 0)
        let (sum, overflow) = limit.addingReportingOverflow(1 + max(limit, 16))
        pruneAbove = overflow ? .max : sum
    }

    /// The blocks whose end state can be brought back (nil: none).
    var blocks: ClosedRange<UInt64>? {
        guard !ends.isEmpty else { return nil }
        let last = firstBlock + UInt64(ends.count - 1)
        return max(firstBlock, last - min(UInt64(limit), last))...last
    }

    func end(of number: UInt64) -> Position? {
        guard let blocks, blocks.contains(number) else { return nil }
        return ends[Int(number - firstBlock)]
    }

    /// Records the end of block `number` (the one after the latest stored). Blocks beyond the limit
    /// are dropped in batches, and with them, now and then, the entries only they needed.
    mutating func endBlock(_ number: UInt64) {
        if ends.isEmpty { firstBlock = number }
        ends.append(position)
        guard ends.count > pruneAbove else { return }
        let excess = ends.count - (limit + 1)
        ends.removeSubrange(0..<excess)
        firstBlock += UInt64(excess)
        let oldest = ends[0]
        compact(&accounts, dead: oldest.accounts - dropped.accounts, dropped: &dropped.accounts)
        compact(&created, dead: oldest.created - dropped.created, dropped: &dropped.created)
        compact(&storage, dead: oldest.storage - dropped.storage, dropped: &dropped.storage)
        compact(&code, dead: oldest.code - dropped.code, dropped: &dropped.code)
    }

    private func compact<T>(_ list: inout [T], dead: Int, dropped: inout Int) {
        guard dead >= 256, dead * 2 >= list.count else { return }
        list.removeSubrange(0..<dead)
        dropped += dead
    }

    /// Forgets what was recorded after `position` (a reverted checkpoint's changes).
    mutating func truncate(to position: Position) {
        guard position != self.position else { return }
        Self.truncate(&accounts, to: position.accounts, dropped: &dropped.accounts)
        Self.truncate(&created, to: position.created, dropped: &dropped.created)
        Self.truncate(&storage, to: position.storage, dropped: &dropped.storage)
        Self.truncate(&code, to: position.code, dropped: &dropped.code)
    }

    private static func truncate<T>(_ list: inout [T], to position: Int, dropped: inout Int) {
        if position >= dropped {
            list.removeSubrange(min(position - dropped, list.count)...)
        } else {
            // Entries before `position` were compacted away: only blocks ended after it needed them,
            // and the chain drops those with the revert.
            list.removeAll(keepingCapacity: true)
            dropped = position
        }
    }

    /// Drops the ends of blocks after `number` (blocks removed by a snapshot revert).
    mutating func dropBlocks(after number: UInt64) {
        guard !ends.isEmpty else { return }
        let keep = number < firstBlock ? 0 : min(Int(number - firstBlock) + 1, ends.count)
        ends.removeSubrange(keep...)
    }
}
