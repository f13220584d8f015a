import MintSimPrimitives

/// An event emitted during a transaction, placed in its block.
public struct Log: Hashable, Sendable {
    public let address: Address
    public let topics: [Hash]
    public let data: [UInt8]
    public internal(set) var blockNumber: UInt64
    public internal(set) var blockHash: Hash
    public internal(set) var transactionHash: Hash
    public internal(set) var transactionIndex: Int
    /// Position among all logs of the block.
    public internal(set) var logIndex: Int

    public init(address: Address, topics: [Hash], data: [UInt8]) {
        self.address = address
        self.topics = topics
        self.data = data
        blockNumber = 0
        blockHash = .zero
        transactionHash = .zero
        transactionIndex = 0
        logIndex = 0
    }

    /// A log placed in its block (as read back from a store).
    public init(
        address: Address, topics: [Hash], data: [UInt8], blockNumber: UInt64, blockHash: Hash, transactionHash: Hash,
        transactionIndex: Int, logIndex: Int
    ) {
        self.address = address
        self.topics = topics
        self.data = data
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.transactionHash = transactionHash
        self.transactionIndex = transactionIndex
        self.logIndex = logIndex
    }

    /// rlp([address, [topics], data]).
    func write(_ w: inout RLPWriter) {
        w.list { item in
            item.append(address: address)
            item.list { topicList in
                for topic in topics { topicList.append(hash: topic) }
            }
            item.append(bytes: data)
        }
    }
}

/// The outcome of an included transaction.
public struct Receipt: Hashable, Sendable {
    public let transactionHash: Hash
    public let transactionIndex: Int
    public let blockNumber: UInt64
    public let blockHash: Hash
    public let type: TransactionType
    public let from: Address
    public let to: Address?
    public let contractAddress: Address?
    /// true: success; false: the call reverted (its state changes undone, the fee still paid).
    public let status: Bool
    public let gasUsed: UInt64
    public let cumulativeGasUsed: UInt64
    public let effectiveGasPrice: UInt256
    public let logs: [Log]
    public let logsBloom: Bloom
    /// ABI-encoded revert data when `status` is false.
    public let revertData: [UInt8]
    /// The revert's explanation (see `Revert.explanation`), when the model gave one.
    public let revertExplanation: String?

    public init(
        transactionHash: Hash, transactionIndex: Int, blockNumber: UInt64, blockHash: Hash, type: TransactionType,
        from: Address, to: Address?, contractAddress: Address?, status: Bool, gasUsed: UInt64, cumulativeGasUsed: UInt64,
        effectiveGasPrice: UInt256, logs: [Log], logsBloom: Bloom, revertData: [UInt8], revertExplanation: String?
    ) {
        self.transactionHash = transactionHash
        self.transactionIndex = transactionIndex
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.type = type
        self.from = from
        self.to = to
        self.contractAddress = contractAddress
        self.status = status
        self.gasUsed = gasUsed
        self.cumulativeGasUsed = cumulativeGasUsed
        self.effectiveGasPrice = effectiveGasPrice
        self.logs = logs
        self.logsBloom = logsBloom
        self.revertData = revertData
        self.revertExplanation = revertExplanation
    }
}

/// A transaction as the chain keeps it.
public struct TransactionRecord: Hashable, Sendable {
    public let hash: Hash
    public let from: Address
    public let transaction: Transaction
    /// nil for an impersonated send.
    public let signature: Signature?
    public let blockNumber: UInt64
    public let blockHash: Hash
    public let index: Int

    public init(
        hash: Hash, from: Address, transaction: Transaction, signature: Signature?, blockNumber: UInt64, blockHash: Hash,
        index: Int
    ) {
        self.hash = hash
        self.from = from
        self.transaction = transaction
        self.signature = signature
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.index = index
    }
}

/// A mined block.
public struct Block: Hashable, Sendable {
    public let number: UInt64
    public let hash: Hash
    public let parentHash: Hash
    public let timestamp: UInt64
    public let coinbase: Address
    public let gasLimit: UInt64
    public let gasUsed: UInt64
    public let baseFee: UInt256
    /// keccak256(rlp([transaction hashes])) — MintSim's digest, not a Merkle-Patricia root.
    public let transactionsRoot: Hash
    /// keccak256(rlp([[type, status, cumulativeGasUsed, logs] of each receipt])) — likewise.
    public let receiptsRoot: Hash
    public let logsBloom: Bloom
    public let transactionHashes: [Hash]

    public init(
        number: UInt64, hash: Hash, parentHash: Hash, timestamp: UInt64, coinbase: Address, gasLimit: UInt64,
        gasUsed: UInt64, baseFee: UInt256, transactionsRoot: Hash, receiptsRoot: Hash, logsBloom: Bloom,
        transactionHashes: [Hash]
    ) {
        self.number = number
        self.hash = hash
        self.parentHash = parentHash
        self.timestamp = timestamp
        self.coinbase = coinbase
        self.gasLimit = gasLimit
        self.gasUsed = gasUsed
        self.baseFee = baseFee
        self.transactionsRoot = transactionsRoot
        self.receiptsRoot = receiptsRoot
        self.logsBloom = logsBloom
        self.transactionHashes = transactionHashes
    }

    /// Whether `hash` is the Keccak-256 of this block's header fields (a block read back intact).
    public var hashMatchesHeader: Bool {
        Block.hashHeader(
            parentHash: parentHash, coinbase: coinbase, transactionsRoot: transactionsRoot, receiptsRoot: receiptsRoot,
            logsBloom: logsBloom, number: number, gasLimit: gasLimit, gasUsed: gasUsed, timestamp: timestamp,
            baseFee: baseFee) == hash
    }

    /// keccak256(rlp(header)), header = [parentHash, coinbase, transactionsRoot, receiptsRoot,
    /// logsBloom, number, gasLimit, gasUsed, timestamp, baseFee]; an empty bloom and the zero coinbase
    /// are written as the empty string (so that a typical header fits one Keccak block).
    static func hashHeader(
        parentHash: Hash, coinbase: Address, transactionsRoot: Hash, receiptsRoot: Hash, logsBloom: Bloom,
        number: UInt64, gasLimit: UInt64, gasUsed: UInt64, timestamp: UInt64, baseFee: UInt256
    ) -> Hash {
        var w = RLPWriter(capacity: 160)
        w.list { header in
            header.append(hash: parentHash)
            if coinbase == .zero { header.append(bytes: [UInt8]()) } else { header.append(address: coinbase) }
            header.append(hash: transactionsRoot)
            header.append(hash: receiptsRoot)
            header.append(bytes: logsBloom.isEmpty ? [] : logsBloom.bytes)
            header.append(uint: number)
            header.append(uint: gasLimit)
            header.append(uint: gasUsed)
            header.append(uint: timestamp)
            header.append(uint: baseFee)
        }
        return Keccak256.hash(w.bytes)
    }
}

/// Which logs to return: contract addresses (any if empty), topics by position (nil = any; a list =
/// any of these), and an inclusive block range.
public struct LogFilter: Hashable, Sendable {
    public var addresses: [Address]
    public var topics: [[Hash]?]
    public var fromBlock: UInt64?
    public var toBlock: UInt64?

    public init(addresses: [Address] = [], topics: [[Hash]?] = [], fromBlock: UInt64? = nil, toBlock: UInt64? = nil) {
        self.addresses = addresses
        self.topics = topics
        self.fromBlock = fromBlock
        self.toBlock = toBlock
    }

    public func matches(_ log: Log) -> Bool {
        if !addresses.isEmpty && !addresses.contains(log.address) { return false }
        if topics.count > log.topics.count {
            // A position past the log's topics matches only a wildcard.
            if topics[log.topics.count...].contains(where: { $0 != nil && $0 != [] }) { return false }
        }
        for (position, wanted) in topics.enumerated() {
            guard let wanted, !wanted.isEmpty else { continue }  // nil or [] is any topic
            guard position < log.topics.count, wanted.contains(log.topics[position]) else { return false }
        }
        return true
    }

    /// Whether a block with this bloom can hold a matching log.
    func mayMatch(_ bloom: Bloom) -> Bool {
        if !addresses.isEmpty && !addresses.contains(where: { bloom.mayContain($0) }) { return false }
        for wanted in topics {
            guard let wanted, !wanted.isEmpty else { continue }
            if !wanted.contains(where: { bloom.mayContain($0) }) { return false }
        }
        return true
    }
}
