import MintSimPrimitives

/// One undoable change to the world state.
enum JournalEntry {
    /// The account's value before the change (nil: it did not exist).
    case account(Address, previous: Account?)
}

/// The world state: accounts, with a journal of every change so that any checkpoint can be undone
/// exactly (a reverted call, a failed transaction, a snapshot revert).
///
/// Checkpoints nest. While any is open every change is journaled; once the last one is committed
/// the journal is dropped, so a chain without open snapshots keeps no history in memory.
struct WorldState {
    private(set) var accounts: [Address: Account] = [:]
    private var journal: [JournalEntry] = []
    /// Journal length at each open checkpoint, oldest first; a checkpoint is named by its depth.
    private var checkpoints: [Int] = []

    func account(_ address: Address) -> Account {
        accounts[address] ?? .empty
    }

    func exists(_ address: Address) -> Bool {
        accounts[address] != nil
    }

    mutating func set(_ address: Address, _ account: Account) {
        if !checkpoints.isEmpty { journal.append(.account(address, previous: accounts[address])) }
        accounts[address] = account
    }

    /// Opens a checkpoint and returns its depth.
    mutating func checkpoint() -> Int {
        checkpoints.append(journal.count)
        return checkpoints.count - 1
    }

    var openCheckpoints: Int { checkpoints.count }

    /// Keeps the changes since checkpoint `depth` (and closes any opened after it).
    mutating func commit(_ depth: Int) {
        checkpoints.removeSubrange(depth...)
        if checkpoints.isEmpty { journal.removeAll(keepingCapacity: true) }
    }

    /// Undoes every change since checkpoint `depth`, newest first, and closes it and any opened after it.
    mutating func revert(_ depth: Int) {
        let position = checkpoints[depth]
        while journal.count > position {
            guard let entry = journal.popLast() else { break }
            switch entry {
            case .account(let address, let previous):
                accounts[address] = previous
            }
        }
        checkpoints.removeSubrange(depth...)
        if checkpoints.isEmpty { journal.removeAll(keepingCapacity: true) }
    }

    var journalLength: Int { journal.count }
    var accountCount: Int { accounts.count }
}
