import MintSimPrimitives

/// The current values of changed state: accounts, contract code and stored values (nil: no longer
/// there). Each key appears once.
public struct StateChanges: Sendable {
    public var accounts: [(Address, Account?)] = []
    public var code: [(Address, (any ContractModel)?)] = []
    public var storage: [(Address, StorageKey, StorageValue?)] = []

    public init() {}

    public var isEmpty: Bool { accounts.isEmpty && code.isEmpty && storage.isEmpty }
}

/// A mined block as a store keeps it: the header, and each transaction with its receipt.
public struct MinedBlock: Sendable {
    public let block: Block
    public let transactions: [Chain.PendingTransaction]
    public let receipts: [Receipt]

    public init(block: Block, transactions: [Chain.PendingTransaction], receipts: [Receipt]) {
        self.block = block
        self.transactions = transactions
        self.receipts = receipts
    }
}

/// The simulated clock as a store keeps it.
public struct ClockState: Hashable, Sendable {
    /// The time the next block gets unless `nextTimestamp` is set (or the latest block's is later).
    public var now: UInt64
    /// A timestamp fixed for the next block.
    public var nextTimestamp: UInt64?

    public init(now: UInt64, nextTimestamp: UInt64?) {
        self.now = now
        self.nextTimestamp = nextTimestamp
    }
}

/// Everything a chain hands its store at once, to be written in one transaction: blocks removed by
/// a snapshot revert, new blocks, the state as it is after them, the clock and the pending queue.
public struct ChainCommit: Sendable {
    /// Blocks after this number no longer exist (a snapshot revert removed them); nil: none removed.
    public var removedAfter: UInt64?
    /// New blocks, oldest first (usually one; none when only the state, clock or queue changed).
    public var blocks: [MinedBlock]
    public var state: StateChanges
    public var clock: ClockState
    /// Transactions added to the pending queue.
    public var pendingAdded: [Chain.PendingTransaction]
    /// The whole pending queue, when it was replaced (a block took transactions, a revert); nil: only
    /// `pendingAdded` changed it.
    public var pendingReplaced: [Chain.PendingTransaction]?
}

/// Where a chain writes what it does, so that it can be re-opened (see `MintSimStore`). `commit` is
/// called once per mined block (with the state changes it made) and after direct changes (balances,
/// nonces, the clock, pending transactions, snapshot reverts). A store that throws leaves the chain
/// failed (`Chain.storeFailure`): later sends are refused with the store's error and nothing more
/// is written; mining and direct changes go on in memory only, so callers check `storeFailure`.
public protocol ChainStore: AnyObject {
    func commit(_ commit: ChainCommit) throws(ChainError)
}

/// Blocks, transactions, receipts and logs older than the ones a re-opened chain holds in memory.
/// Lookups that fail to read answer nil or nothing, as for a block that does not exist.
public protocol ChainArchive: AnyObject {
    func block(number: UInt64) -> Block?
    func block(hash: Hash) -> Block?
    func transaction(hash: Hash) -> TransactionRecord?
    func receipt(hash: Hash) -> Receipt?
    func receipts(block: UInt64) -> [Receipt]
    /// Logs matching `filter` in `blocks`, oldest first.
    func logs(_ filter: LogFilter, blocks: ClosedRange<UInt64>) -> [Log]
    /// Whether a transaction with this hash is in a block.
    func containsTransaction(_ hash: Hash) -> Bool
}

/// Where a chain re-opened for reading finds its state on demand, instead of loading all of it:
/// answers must be the store's committed values (nil: none).
public protocol StateSource: AnyObject {
    func account(_ address: Address) -> Account?
    func contract(at address: Address) -> (any ContractModel)?
    func storage(of address: Address, _ key: StorageKey) -> StorageValue?
}

/// What a chain is re-opened from: its configuration, the latest block with its transactions and
/// receipts, the clock, the whole state and the pending queue. Older blocks stay in the archive.
public struct ChainImage {
    public var config: ChainConfig
    public var latest: MinedBlock
    public var clock: ClockState
    public var accounts: [(Address, Account)]
    public var code: [(Address, any ContractModel)]
    public var storage: [(Address, StorageKey, StorageValue)]
    public var pending: [Chain.PendingTransaction]
    /// When set, the state is read from it on demand and `accounts`, `code` and `storage` are
    /// empty. Only for chains that commit to no store: reads made this way are never written back.
    public var source: (any StateSource)?

    public init(
        config: ChainConfig, latest: MinedBlock, clock: ClockState, accounts: [(Address, Account)],
        code: [(Address, any ContractModel)], storage: [(Address, StorageKey, StorageValue)],
        pending: [Chain.PendingTransaction]
    ) {
        self.config = config
        self.latest = latest
        self.clock = clock
        self.accounts = accounts
        self.code = code
        self.storage = storage
        self.pending = pending
    }
}
