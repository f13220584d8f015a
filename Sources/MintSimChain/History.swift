import MintSimPrimitives

extension Chain {
    // MARK: - State at past blocks

    /// The blocks whose state can be read: the latest and up to `config.stateHistory` before it.
    /// A block's state is the one right after it was mined; for the latest block it is the current
    /// state, which includes direct changes (`setBalance`, `setNonce`) made since.
    public var stateHistoryBlocks: ClosedRange<UInt64> {
        let latest = blockNumber
        guard let kept = state.history.blocks, kept.upperBound == latest else { return latest...latest }
        return kept
    }

    /// An account's native balance at the end of block `block` (nil: the latest state).
    public func balance(of address: Address, atBlock block: UInt64?) throws(ChainError) -> UInt256 {
        try reading(atBlock: block) { () throws(ChainError) -> UInt256 in balance(of: address) }
    }

    /// An account's nonce at the end of block `block` (nil: the latest state).
    public func nonce(of address: Address, atBlock block: UInt64?) throws(ChainError) -> UInt64 {
        try reading(atBlock: block) { () throws(ChainError) -> UInt64 in nonce(of: address) }
    }

    /// A contract's stored value at the end of block `block` (nil: the latest state).
    public func storage(of address: Address, _ key: StorageKey, atBlock block: UInt64?) throws(ChainError) -> StorageValue? {
        try reading(atBlock: block) { () throws(ChainError) -> StorageValue? in storage(of: address, key) }
    }

    /// Runs `body` on the state at the end of block `block` (nil or the latest block: the current
    /// state), then puts the current state back exactly. Pending transactions are never part of it.
    func reading<R>(atBlock block: UInt64?, _ body: () throws(ChainError) -> R) throws(ChainError) -> R {
        guard let block, block != blockNumber else { return try body() }
        let latest = blockNumber
        guard block < latest else {
            throw ChainError(.unknownBlock, "block \(block) does not exist (latest is \(latest))")
        }
        let kept = stateHistoryBlocks
        guard kept.contains(block) else {
            let coverage = config.stateHistory <= 0
                ? "stateHistory is 0: only the latest block, \(latest), is kept"
                : "history covers blocks \(kept.lowerBound)–\(kept.upperBound); raise stateHistory"
            throw ChainError(.stateUnavailable, "state of block \(block) is no longer kept (\(coverage))")
        }
        let depth = state.rewind(toEndOf: block)
        defer { state.revert(depth) }
        return try body()
    }
}
