import MintSimPrimitives

extension Chain {
    // MARK: - Persistence

    /// Re-opens a chain from a store's image: the latest block and its receipts, the state, the clock
    /// and the pending queue. Older blocks, transactions, receipts and logs are read from `archive`
    /// when asked for; snapshots and the state history start anew. `factories` let signed creation
    /// transactions deploy models, as `registerModel` does. From here on every block and change is
    /// committed to `store`.
    public convenience init(
        restoring image: ChainImage, archive: any ChainArchive, store: (any ChainStore)?,
        factories: [String: ContractFactory] = [:]
    ) {
        self.init(restoringConfig: image.config)
        for (kind, factory) in factories { registerModel(kind: kind, factory: factory) }
        self.archive = archive
        state.load(accounts: image.accounts, code: image.code, storage: image.storage)
        if store == nil { state.source = image.source }
        let latest = image.latest
        firstBlockInMemory = latest.block.number
        blocks = [latest.block]
        blockIndex[latest.block.hash] = 0
        var firstLogIndex: [Int] = []
        var outcomes: [TransactionRecordDraft] = []
        var blooms: [Bloom] = []
        var logCount = 0
        for receipt in latest.receipts {
            firstLogIndex.append(logCount)
            logCount += receipt.logs.count
            outcomes.append(TransactionRecordDraft(
                gasUsed: receipt.gasUsed, cumulativeGasUsed: receipt.cumulativeGasUsed,
                effectiveGasPrice: receipt.effectiveGasPrice, status: receipt.status, logs: receipt.logs,
                contractAddress: receipt.contractAddress, revertData: receipt.revertData,
                revertExplanation: receipt.revertExplanation))
            blooms.append(receipt.logsBloom)
        }
        for (index, tx) in latest.transactions.enumerated() {
            transactionLocations[tx.hash] = TransactionLocation(block: UInt32(latest.block.number), index: UInt32(index))
        }
        bodies = [BlockBody(
            transactions: latest.transactions, outcomes: outcomes, blooms: logCount > 0 ? blooms : [],
            firstLogIndex: firstLogIndex)]
        // The state history starts with the next block: the state loaded may hold direct changes
        // made after the latest block, so it is not that block's state.
        clock = Clock(now: image.clock.now, nextTimestamp: image.clock.nextTimestamp)
        replacePending(image.pending)
        uncommitted = Uncommitted()
        storedPendingCount = image.pending.count
        self.store = store
        state.tracking = store != nil
    }

    /// Starts writing to `store`: first everything the chain holds (every block in memory, the whole
    /// state, the clock and the pending queue) in one commit, then every block and change as it
    /// happens. Throws the store's error if that first commit fails (the chain then stays detached).
    public func attach(store: any ChainStore) throws(ChainError) {
        var mined: [MinedBlock] = []
        for (slot, block) in blocks.enumerated() {
            let receipts = bodies[slot].transactions.indices.map { receipt(block: Int(block.number), index: $0) }
            mined.append(MinedBlock(block: block, transactions: bodies[slot].transactions, receipts: receipts))
        }
        let commit = ChainCommit(
            removedAfter: nil, blocks: mined, state: state.everything(), clock: clockState, pendingAdded: [],
            pendingReplaced: pending)
        try store.commit(commit)
        self.store = store
        state.tracking = true
        _ = state.takeChanges()
        uncommitted = Uncommitted()
        storedPendingCount = pending.count
    }

    /// Commits to the store whatever is not yet in it: pending transactions, which are written with
    /// the next block or direct change, and anything else outstanding. Throws the store's failure.
    public func flush() throws(ChainError) {
        if store != nil && (state.hasChanges || uncommitted.removedAfter != nil || !uncommitted.pendingAdded.isEmpty || uncommitted.pendingReplaced) {
            commitToStore()
        }
        if let storeFailure { throw storeFailure }
    }

    /// The simulated clock as a store keeps it.
    public var clockState: ClockState { ClockState(now: clock.now, nextTimestamp: clock.nextTimestamp) }

    /// Commits what changed since the last commit (state, clock, pending queue, removed blocks) and
    /// `mined` blocks to the store, if any. A failure is kept in `storeFailure`; nothing is written
    /// after one.
    func commitToStore(_ mined: [MinedBlock] = []) {
        guard let store, storeFailure == nil else { return }
        let added = uncommitted.pendingReplaced ? [] : uncommitted.pendingAdded
        var replaced: [PendingTransaction]? = uncommitted.pendingReplaced ? pending : nil
        // Automine: a transaction added and mined at once leaves nothing to write.
        if replaced?.isEmpty == true && storedPendingCount == 0 { replaced = nil }
        storedPendingCount = replaced?.count ?? storedPendingCount + added.count
        let commit = ChainCommit(
            removedAfter: uncommitted.removedAfter, blocks: mined, state: state.takeChanges(), clock: clockState,
            pendingAdded: added, pendingReplaced: replaced)
        uncommitted = Uncommitted()
        do {
            try store.commit(commit)
        } catch {
            // The chain goes on in memory only: stop collecting what can no longer be written.
            storeFailure = error
            state.tracking = false
            _ = state.takeChanges()
            uncommitted = Uncommitted()
        }
    }
}
