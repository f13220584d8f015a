import MintSimPrimitives

extension Chain {
    /// Records everything observable — state, blocks, receipts, logs, the clock, pending
    /// transactions — and returns an id for `revert(to:)` (like `evm_snapshot`; ids start at 0).
    public func snapshot() -> UInt64 {
        let id = nextSnapshotId
        nextSnapshotId += 1
        snapshots.append(Snapshot(
            id: id, checkpoint: state.checkpoint(), blockCount: Int(nextBlockNumber), clock: clock, pending: pending,
            deployments: deployments))
        return id
    }

    /// Ids of the snapshots that can still be reverted to, oldest first.
    public var snapshotIds: [UInt64] { snapshots.map(\.id) }

    /// Restores the chain to snapshot `id` (like `evm_revert`): state, blocks, receipts, logs, the
    /// clock and pending transactions. Snapshots taken after it are dropped. The id itself is used up
    /// unless `keep` is set (like Foundry's `revertToState`), in which case it can be reverted to again.
    /// The removed blocks leave the state history; blocks mined afterwards enter it as usual.
    public func revert(to id: UInt64, keep: Bool = false) throws(ChainError) {
        guard let index = snapshots.firstIndex(where: { $0.id == id }) else {
            throw ChainError(.unknownSnapshot, "unknown snapshot id \(id)")
        }
        let snapshot = snapshots[index]
        state.revert(snapshot.checkpoint)
        let removing = nextBlockNumber > UInt64(snapshot.blockCount)
        while nextBlockNumber > UInt64(snapshot.blockCount) {
            guard let block = blocks.popLast() else { break }
            blockIndex[block.hash] = nil
            for hash in block.transactionHashes where transactionLocations[hash]?.block == UInt32(block.number) {
                transactionLocations[hash] = nil
            }
            bodies.removeLast()
        }
        state.dropHistory(after: UInt64(snapshot.blockCount - 1))
        clock = snapshot.clock
        replacePending(snapshot.pending)
        deployments = snapshot.deployments
        snapshots.removeSubrange(index...)
        if keep {
            var kept = snapshot
            kept.checkpoint = state.checkpoint()
            snapshots.append(kept)
        }
        if store != nil {
            if removing {
                let after = UInt64(snapshot.blockCount - 1)
                uncommitted.removedAfter = min(uncommitted.removedAfter ?? after, after)
            }
            commitToStore()
        }
    }
}
