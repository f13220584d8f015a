import MintSimPrimitives

/// A deterministic local chain: world state, blocks, receipts, logs, a simulated clock and
/// snapshots. Not thread-safe: drive it from one task (the server wraps it in an actor).
public final class Chain {
    public let config: ChainConfig
    /// The configuration's scalar fields, read on every transaction without copying the genesis list.
    let settings: Settings

    struct Settings {
        let chainId: UInt64
        let blockTime: UInt64
        let mining: MiningMode
        let baseFee: UInt256
        let blockGasLimit: UInt64
        let coinbase: Address
    }
    let state = WorldState()
    /// The blocks held in memory, oldest first: every block, unless the chain was re-opened from a
    /// store, in which case those from the re-opened latest block on (older ones are in `archive`).
    public internal(set) var blocks: [Block] = []
    /// The number of `blocks[0]`.
    public internal(set) var firstBlockInMemory: UInt64 = 0
    /// Where blocks older than `firstBlockInMemory` are looked up.
    var archive: (any ChainArchive)?
    /// Where each block and change is written (nil: the chain lives in memory only).
    var store: (any ChainStore)?
    /// Why the store refused a commit. From then on sends are refused with it and nothing more is
    /// written; mining and direct changes go on in memory only, so callers check it after them.
    public internal(set) var storeFailure: ChainError?
    /// What changed since the last commit to the store, besides the state.
    var uncommitted = Uncommitted()

    struct Uncommitted {
        var removedAfter: UInt64?
        var pendingAdded: [PendingTransaction] = []
        var pendingReplaced = false
    }
    /// How many pending transactions the store holds.
    var storedPendingCount = 0
    var blockIndex = FastMap<Hash, Int>()
    /// Where each mined transaction is: its block number and index.
    var transactionLocations = FastMap<Hash, TransactionLocation>()
    /// Transactions and receipts of each block, in order.
    var bodies: [BlockBody] = []
    /// Bloom bits of recently seen log addresses and topics.
    var bloomCache = BloomCache()

    /// What a block holds, kept compact: records and receipts are built from it when asked for.
    struct BlockBody {
        let transactions: [PendingTransaction]
        let outcomes: [TransactionRecordDraft]
        /// Receipt blooms, only for blocks with logs (empty: every receipt's bloom is empty).
        let blooms: [Bloom]
        /// Index of each transaction's first log among the block's logs.
        let firstLogIndex: [Int]
    }

    struct TransactionLocation: Hashable {
        let block: UInt32
        let index: UInt32
    }
    /// Transactions waiting for the next block (manual and interval mining).
    public private(set) var pending: [PendingTransaction] = []
    /// Pending transactions per sender, and their hashes, kept in step with `pending`.
    private var pendingCounts = FastMap<Address, Int>()
    private(set) var pendingHashes = FastMap<Hash, Bool>()

    func appendPending(_ tx: PendingTransaction) {
        if store != nil && storeFailure == nil { uncommitted.pendingAdded.append(tx) }
        pending.append(tx)
        pendingCounts[tx.from] = (pendingCounts[tx.from] ?? 0) + 1
        pendingHashes[tx.hash] = true
    }

    func replacePending(_ transactions: [PendingTransaction]) {
        if store != nil && storeFailure == nil { uncommitted.pendingReplaced = true }
        pending = transactions
        pendingCounts.removeAll()
        pendingHashes.removeAll()
        for tx in transactions {
            pendingCounts[tx.from] = (pendingCounts[tx.from] ?? 0) + 1
            pendingHashes[tx.hash] = true
        }
    }

    /// keccak256(rlp([])): both roots of an empty block.
    static let emptyListHash = Keccak256.hash([0xc0] as [UInt8])
    var clock: Clock
    var snapshots: [Snapshot] = []
    /// Models of deployment transactions sent through `deploy`, by transaction hash.
    var deployments: [Hash: any ContractModel] = [:]
    /// Factories for signed creation transactions, by model kind.
    var factories: [String: ContractFactory] = [:]
    var nextSnapshotId: UInt64 = 0

    /// The simulated clock: `now` is the timestamp the next block gets unless `nextTimestamp` is set.
    struct Clock: Hashable {
        var now: UInt64
        var nextTimestamp: UInt64?
    }

    struct Snapshot {
        let id: UInt64
        var checkpoint: Int
        let blockCount: Int
        let clock: Clock
        let pending: [PendingTransaction]
        let deployments: [Hash: any ContractModel]
    }

    /// A transaction accepted but not yet in a block.
    public struct PendingTransaction: Hashable, Sendable {
        public let hash: Hash
        public let from: Address
        public let transaction: Transaction
        public let signature: Signature?

        public init(hash: Hash, from: Address, transaction: Transaction, signature: Signature?) {
            self.hash = hash
            self.from = from
            self.transaction = transaction
            self.signature = signature
        }
    }

    public convenience init(config: ChainConfig = .development()) {
        self.init(restoringConfig: config)
        for (address, balance) in config.genesisAccounts {
            state.set(address, Account(nonce: state.account(address).nonce, balance: balance))
        }
        _ = seal(timestamp: config.startTime, executed: [])
    }

    /// A chain with no blocks and an empty state (the genesis block or a re-opened image fills it).
    init(restoringConfig config: ChainConfig) {
        var config = config
        config.blockTime = max(config.blockTime, 1)  // timestamps must increase
        self.config = config
        settings = Settings(
            chainId: config.chainId, blockTime: config.blockTime, mining: config.mining, baseFee: config.baseFee,
            blockGasLimit: config.blockGasLimit, coinbase: config.coinbase)
        clock = Clock(now: config.startTime, nextTimestamp: nil)
        state.keepHistory(blocks: config.stateHistory)
    }

    // MARK: - Accounts

    public func balance(of address: Address) -> UInt256 { state.account(address).balance }
    public func nonce(of address: Address) -> UInt64 { state.account(address).nonce }
    public func account(_ address: Address) -> Account { state.account(address) }
    /// Number of accounts that exist in the state.
    public var accountCount: Int { state.accountCount }

    /// Sets an account's balance directly (like `anvil_setBalance`).
    public func setBalance(_ balance: UInt256, of address: Address) {
        var account = state.account(address)
        account.balance = balance
        state.set(address, account)
        commitToStore()
    }

    /// Sets an account's nonce directly (like `anvil_setNonce`).
    public func setNonce(_ nonce: UInt64, of address: Address) {
        var account = state.account(address)
        account.nonce = nonce
        state.set(address, account)
        commitToStore()
    }

    /// The nonce the next transaction from `address` must carry, counting pending transactions.
    public func pendingNonce(of address: Address) -> UInt64 {
        let (sum, overflow) = nonce(of: address).addingReportingOverflow(UInt64(pendingCounts[address] ?? 0))
        return overflow ? .max : sum
    }

    // MARK: - Blocks and queries

    public var latestBlock: Block { blocks[blocks.count - 1] }
    public var blockNumber: UInt64 { latestBlock.number }
    /// The number the next block gets.
    var nextBlockNumber: UInt64 { firstBlockInMemory + UInt64(blocks.count) }

    public func block(number: UInt64) -> Block? {
        guard number >= firstBlockInMemory else { return archive?.block(number: number) }
        let slot = number - firstBlockInMemory
        return slot < UInt64(blocks.count) ? blocks[Int(slot)] : nil
    }

    public func block(hash: Hash) -> Block? {
        if let slot = blockIndex[hash] { return blocks[slot] }
        return archive?.block(hash: hash)
    }

    public func transaction(hash: Hash) -> TransactionRecord? {
        guard let location = transactionLocations[hash] else { return archive?.transaction(hash: hash) }
        let number = Int(location.block), index = Int(location.index)
        let slot = number - Int(firstBlockInMemory)
        let tx = bodies[slot].transactions[index]
        return TransactionRecord(
            hash: tx.hash, from: tx.from, transaction: tx.transaction, signature: tx.signature,
            blockNumber: UInt64(number), blockHash: blocks[slot].hash, index: index)
    }

    public func receipt(hash: Hash) -> Receipt? {
        guard let location = transactionLocations[hash] else { return archive?.receipt(hash: hash) }
        return receipt(block: Int(location.block), index: Int(location.index))
    }

    /// The receipt of transaction `index` of block `number`, which must be in memory.
    func receipt(block number: Int, index: Int) -> Receipt {
        let slot = number - Int(firstBlockInMemory)
        let body = bodies[slot]
        let tx = body.transactions[index]
        let draft = body.outcomes[index]
        let blockHash = blocks[slot].hash
        let logs = draft.logs.enumerated().map { offset, log -> Log in
            var placed = log
            placed.blockNumber = UInt64(number)
            placed.blockHash = blockHash
            placed.transactionHash = tx.hash
            placed.transactionIndex = index
            placed.logIndex = body.firstLogIndex[index] + offset
            return placed
        }
        return Receipt(
            transactionHash: tx.hash, transactionIndex: index, blockNumber: UInt64(number), blockHash: blockHash,
            type: tx.transaction.type, from: tx.from, to: tx.transaction.to, contractAddress: draft.contractAddress,
            status: draft.status, gasUsed: draft.gasUsed, cumulativeGasUsed: draft.cumulativeGasUsed,
            effectiveGasPrice: draft.effectiveGasPrice, logs: logs, logsBloom: body.blooms.isEmpty ? .empty : body.blooms[index],
            revertData: draft.revertData, revertExplanation: draft.revertExplanation)
    }

    /// Whether a transaction with this hash is in a block.
    func isMined(_ hash: Hash) -> Bool {
        transactionLocations[hash] != nil || (archive?.containsTransaction(hash) ?? false)
    }

    /// Receipts of block `number`, in transaction order.
    public func receipts(block number: UInt64) -> [Receipt] {
        guard number >= firstBlockInMemory else { return archive?.receipts(block: number) ?? [] }
        guard number < nextBlockNumber else { return [] }
        return bodies[Int(number - firstBlockInMemory)].transactions.indices.map { receipt(block: Int(number), index: $0) }
    }

    /// Logs matching `filter`, oldest first. The range defaults to every block; an end past the
    /// latest block stops at the latest; a start after the end is an error.
    public func logs(_ filter: LogFilter) throws(ChainError) -> [Log] {
        if let from = filter.fromBlock, let to = filter.toBlock, from > to {
            throw ChainError(.invalidArgument, "invalid block range: fromBlock \(from) is after toBlock \(to)")
        }
        var from = filter.fromBlock ?? 0
        let to = min(filter.toBlock ?? blockNumber, blockNumber)
        guard from <= to else { return [] }
        var out: [Log] = []
        if from < firstBlockInMemory {
            out = archive?.logs(filter, blocks: from...min(to, firstBlockInMemory - 1)) ?? []
            from = firstBlockInMemory
            guard from <= to else { return out }
        }
        for number in from...to {
            let slot = Int(number - firstBlockInMemory)
            guard !blocks[slot].logsBloom.isEmpty && filter.mayMatch(blocks[slot].logsBloom) else { continue }
            for index in bodies[slot].transactions.indices where !bodies[slot].outcomes[index].logs.isEmpty {
                out.append(contentsOf: receipt(block: Int(number), index: index).logs.filter(filter.matches))
            }
        }
        return out
    }

    // MARK: - Clock

    /// The current simulated time (the timestamp the next block gets unless one was set).
    public var now: UInt64 { clock.nextTimestamp ?? max(clock.now, latestBlock.timestamp.saturatingAdd(1)) }

    /// Moves the clock forward. In interval mining, mines a block for every interval passed.
    public func advanceTime(by seconds: UInt64) throws(ChainError) {
        let (target, overflow) = clock.now.addingReportingOverflow(seconds)
        guard !overflow else { throw ChainError(.invalidTimestamp, "advancing the clock by \(seconds) seconds overflows") }
        if settings.mining == .interval {
            while true {
                let next = max(latestBlock.timestamp.saturatingAdd(settings.blockTime), clock.nextTimestamp ?? 0)
                guard next <= target else { break }
                clock.now = next
                mineBlock()
            }
        }
        clock.now = max(clock.now, target)
        commitToStore()
    }

    /// Fixes the timestamp of the next block (like `evm_setNextBlockTimestamp`); it must be after the
    /// latest block's.
    public func setNextBlockTimestamp(_ timestamp: UInt64) throws(ChainError) {
        guard timestamp > latestBlock.timestamp else {
            throw ChainError(.invalidTimestamp, "timestamp \(timestamp) is not after the latest block's \(latestBlock.timestamp)")
        }
        guard timestamp <= UInt64.max - settings.blockTime else {
            throw ChainError(.invalidTimestamp, "timestamp \(timestamp) leaves no room for later blocks (at most \(UInt64.max - settings.blockTime))")
        }
        clock.nextTimestamp = timestamp
        commitToStore()
    }

    // MARK: - Mining

    /// Mines `count` blocks; the first takes the pending transactions. Returns the new blocks.
    @discardableResult
    public func mine(count: Int = 1) -> [Block] {
        var out: [Block] = []
        for _ in 0..<max(count, 0) { out.append(mineBlock()) }
        return out
    }

    /// Mines a block; `validated` names a transaction checked against the current state just before
    /// (automine), which need not be checked again.
    @discardableResult
    func mineBlock(validated: Hash? = nil) -> Block {
        let timestamp = clock.nextTimestamp ?? max(clock.now, latestBlock.timestamp.saturatingAdd(1))
        let queue = pending
        var records: [(PendingTransaction, TransactionRecordDraft)] = []
        var leftOver: [PendingTransaction] = []
        var gasUsed: UInt64 = 0
        for tx in queue {
            guard leftOver.isEmpty, tx.transaction.gasLimit <= settings.blockGasLimit - gasUsed else {
                leftOver.append(tx)  // the block is full: it waits for the next one
                continue
            }
            // Transactions were validated when sent; one made invalid by an earlier one is dropped.
            guard let draft = try? execute(tx, cumulativeGasUsed: gasUsed, timestamp: timestamp, validated: tx.hash == validated)
            else { continue }
            gasUsed = draft.cumulativeGasUsed
            records.append((tx, draft))
        }
        if !queue.isEmpty { replacePending(leftOver) }
        return seal(timestamp: timestamp, executed: records)
    }

    /// What executing a transaction produced, before the block hash is known.
    struct TransactionRecordDraft {
        let gasUsed: UInt64
        let cumulativeGasUsed: UInt64
        let effectiveGasPrice: UInt256
        let status: Bool
        let logs: [Log]
        let contractAddress: Address?
        let revertData: [UInt8]
        var revertExplanation: String? = nil
    }

    private func seal(timestamp: UInt64, executed: [(PendingTransaction, TransactionRecordDraft)]) -> Block {
        let number = nextBlockNumber
        var bloom = Bloom()
        var receiptBlooms: [Bloom] = []
        var firstLogIndex: [Int] = []
        firstLogIndex.reserveCapacity(executed.count)
        var logCount = 0
        for (_, draft) in executed {
            firstLogIndex.append(logCount)
            logCount += draft.logs.count
        }
        if logCount > 0 {
            receiptBlooms.reserveCapacity(executed.count)
            for (_, draft) in executed {
                var receiptBloom = Bloom()
                for log in draft.logs { receiptBloom.add(log: log, cache: &bloomCache) }
                bloom.formUnion(receiptBloom)
                receiptBlooms.append(receiptBloom)
            }
        }
        let hashes = executed.map(\.0.hash)
        var transactionsRoot = Chain.emptyListHash
        var receiptsRoot = Chain.emptyListHash
        if !executed.isEmpty {
            var txList = RLPWriter(capacity: 33 * hashes.count + 8)
            txList.list { list in
                for hash in hashes { list.append(hash: hash) }
            }
            transactionsRoot = Keccak256.hash(txList.bytes)
            var receiptList = RLPWriter(capacity: 16 * executed.count + 8)
            receiptList.list { list in
                for (tx, draft) in executed {
                    list.list { item in
                        item.append(uint: UInt64(tx.transaction.type.rawValue))
                        item.append(uint: UInt64(draft.status ? 1 : 0))
                        item.append(uint: draft.cumulativeGasUsed)
                        item.list { logs in
                            for log in draft.logs { log.write(&logs) }
                        }
                    }
                }
            }
            receiptsRoot = Keccak256.hash(receiptList.bytes)
        }
        let gasUsed = executed.last?.1.cumulativeGasUsed ?? 0
        let parentHash = blocks.last?.hash ?? .zero
        let hash = Block.hashHeader(
            parentHash: parentHash, coinbase: settings.coinbase, transactionsRoot: transactionsRoot,
            receiptsRoot: receiptsRoot, logsBloom: bloom, number: number, gasLimit: settings.blockGasLimit,
            gasUsed: gasUsed, timestamp: timestamp, baseFee: settings.baseFee)
        let block = Block(
            number: number, hash: hash, parentHash: parentHash, timestamp: timestamp, coinbase: settings.coinbase,
            gasLimit: settings.blockGasLimit, gasUsed: gasUsed, baseFee: settings.baseFee,
            transactionsRoot: transactionsRoot, receiptsRoot: receiptsRoot, logsBloom: bloom, transactionHashes: hashes)
        let body = BlockBody(
            transactions: executed.map(\.0), outcomes: executed.map(\.1), blooms: receiptBlooms, firstLogIndex: firstLogIndex)
        sealBlock(block, body: body)
        return block
    }

    private func sealBlock(_ block: Block, body: BlockBody) {
        blocks.append(block)
        blockIndex[block.hash] = blocks.count - 1
        let number = UInt32(block.number)
        for (index, tx) in body.transactions.enumerated() {
            transactionLocations[tx.hash] = TransactionLocation(block: number, index: UInt32(index))
        }
        bodies.append(body)
        state.endBlock(block.number)
        clock.nextTimestamp = nil
        // In interval mining the clock is the time itself; otherwise each block takes blockTime.
        let advance = settings.mining == .interval ? 0 : settings.blockTime
        clock.now = max(clock.now, block.timestamp.saturatingAdd(advance))
        if store != nil {
            let receipts = body.transactions.indices.map { receipt(block: Int(block.number), index: $0) }
            commitToStore([MinedBlock(block: block, transactions: body.transactions, receipts: receipts)])
        }
    }
}

extension UInt64 {
    /// `self + other`, or `UInt64.max` when that overflows.
    func saturatingAdd(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
