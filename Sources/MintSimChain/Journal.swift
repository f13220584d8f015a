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
/// the journal is dropped, so a chain without open snapshots keeps no history in memory.
struct WorldState {
    private(set) var accounts = AddressMap<Account>()
    private(set) var code: [Address: any ContractModel] = [:]
    private(set) var storage = FastMap<Address, FastMap<StorageKey, StorageValue>>()
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

    /// Adds `value` to an account's native balance (callers have checked that it cannot overflow:
    /// total ether never exceeds what was minted).
    mutating func credit(_ address: Address, _ value: UInt256) {
        guard !value.isZero else { return }
        var account = account(address)
        account.balance = account.balance &+ value
        set(address, account)
    }

    func contract(at address: Address) -> (any ContractModel)? { code[address] }

    mutating func setCode(_ model: (any ContractModel)?, at address: Address) {
        if !checkpoints.isEmpty { journal.append(.code(address, previous: code[address])) }
        code[address] = model
    }

    func load(_ address: Address, _ key: StorageKey) -> StorageValue? {
        storage[address]?[key]
    }

    mutating func store(_ address: Address, _ key: StorageKey, _ value: StorageValue) {
        let stored: StorageValue? = value.isEmpty ? nil : value
        let previous = storage[address]?[key]
        guard previous != stored else { return }
        if !checkpoints.isEmpty { journal.append(.storage(address, key, previous: previous)) }
        storage.modify(address, default: FastMap(capacity: 4)) { $0[key] = stored }
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
            case .storage(let address, let key, let previous):
                storage.modify(address, default: FastMap(capacity: 4)) { $0[key] = previous }
            case .code(let address, let previous):
                code[address] = previous
            }
        }
        checkpoints.removeSubrange(depth...)
        if checkpoints.isEmpty { journal.removeAll(keepingCapacity: true) }
    }

    var journalLength: Int { journal.count }
    var accountCount: Int { accounts.count }
}
