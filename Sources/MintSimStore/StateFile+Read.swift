import Foundation
import GRDB
import MintSimChain
import MintSimPrimitives

extension StateFile {
    // MARK: - Re-opening

    /// The chain's configuration as the file keeps it.
    public func config() throws(StoreError) -> ChainConfig {
        let (row, genesis) = try read("reading the chain") { db in
            (
                try Row.fetchOne(db, sql: "SELECT * FROM chain WHERE id = 1"),
                try Row.fetchAll(db, sql: "SELECT address, balance FROM genesis_account ORDER BY position")
            )
        }
        guard let row else { throw StoreError(.notAStateFile, "\(path) holds no chain") }
        let reader = RowReader(row: row, table: "chain")
        let mining: MiningMode
        switch try reader.text("mining") {
        case "auto": mining = .auto
        case "interval": mining = .interval
        case "manual": mining = .manual
        case let other: throw StoreError(.corrupt, "chain.mining '\(other)' is not auto, interval or manual")
        }
        var accounts: [(Address, UInt256)] = []
        for row in genesis {
            let account = RowReader(row: row, table: "genesis_account")
            accounts.append((try account.address("address"), try account.word("balance")))
        }
        return ChainConfig(
            chainId: UInt64(bitPattern: try reader.int("chain_id")), startTime: UInt64(bitPattern: try reader.int("start_time")),
            blockTime: UInt64(bitPattern: try reader.int("block_time")), mining: mining, baseFee: try reader.word("base_fee"),
            blockGasLimit: UInt64(bitPattern: try reader.int("block_gas_limit")), coinbase: try reader.address("coinbase"),
            genesisAccounts: accounts, stateHistory: Int(try reader.int("state_history")))
    }

    /// Everything a chain is re-opened from; `lazily`: all but the state, which the chain then reads
    /// from the file as it needs it (a read-only chain).
    func loadImage(factories: [String: ContractFactory], lazily: Bool = false) throws(StoreError) -> ChainImage {
        let config = try config()
        guard let latestNumber = try latestBlockNumber(), let latest = try minedBlock(number: latestNumber) else {
            throw StoreError(.corrupt, "\(path) holds a chain without blocks")
        }
        let (clockRow, accountRows, contractRows, storageRows, pendingRows) = try read("reading the state") { db in
            (
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT CASE WHEN chain.clock_block >= block.number THEN chain.clock_now ELSE block.clock_now END AS clock_now,
                            CASE WHEN chain.clock_block >= block.number THEN chain.clock_next ELSE block.clock_next END AS clock_next
                        FROM chain, block WHERE chain.id = 1 AND block.number = (SELECT max(number) FROM block)
                        """),
                lazily ? [] : try Row.fetchAll(db, sql: "SELECT address, nonce, balance FROM account"),
                lazily ? [] : try Row.fetchAll(db, sql: "SELECT address, kind, arguments FROM contract ORDER BY address"),
                lazily ? [] : try Row.fetchAll(db, sql: "SELECT address, slot, key1, key2, word, bytes FROM storage"),
                try Row.fetchAll(db, sql: "SELECT hash, sender, encoded, signed FROM pending ORDER BY position")
            )
        }
        guard let clockRow else { throw StoreError(.notAStateFile, "\(path) holds no chain") }
        let clockReader = RowReader(row: clockRow, table: "chain")
        let clock = ClockState(
            now: UInt64(bitPattern: try clockReader.int("clock_now")),
            nextTimestamp: (clockRow["clock_next"] as Int64?).map { UInt64(bitPattern: $0) })
        var accounts: [(Address, Account)] = []
        accounts.reserveCapacity(accountRows.count)
        for row in accountRows {
            let reader = RowReader(row: row, table: "account")
            accounts.append((try reader.address("address"), Account(nonce: try reader.uint("nonce"), balance: try reader.word("balance"))))
        }
        var code: [(Address, any ContractModel)] = []
        for row in contractRows { code.append(try model(from: row, factories: factories)) }
        var storage: [(Address, StorageKey, StorageValue)] = []
        storage.reserveCapacity(storageRows.count)
        for row in storageRows {
            let reader = RowReader(row: row, table: "storage")
            let slot = try reader.int("slot")
            guard let slot32 = UInt32(exactly: slot) else { throw StoreError(.corrupt, "storage.slot \(slot) is out of range") }
            let key = StorageKey(slot32, try reader.hash("key1"), try reader.hash("key2"))
            let value: StorageValue
            if reader.optionalData("word") != nil {
                value = .word(try reader.word("word"))
            } else if let bytes = reader.optionalData("bytes") {
                value = .bytes([UInt8](bytes))
            } else {
                throw StoreError(.corrupt, "storage row of \(try reader.address("address")) has neither a word nor bytes")
            }
            storage.append((try reader.address("address"), key, value))
        }
        var pending: [Chain.PendingTransaction] = []
        for row in pendingRows {
            let reader = RowReader(row: row, table: "pending")
            pending.append(try StoredTransaction.decode(
                try reader.data("encoded"), signed: try reader.int("signed") != 0, hash: try reader.hash("hash"),
                from: try reader.address("sender")))
        }
        if let last = try read("reading the pending queue", { db in try Int64.fetchOne(db, sql: "SELECT max(position) FROM pending") }) {
            nextPendingPosition = last + 1
        }
        var image = ChainImage(
            config: config, latest: latest, clock: clock, accounts: accounts, code: code, storage: storage, pending: pending)
        if lazily {
            // Contracts are rebuilt on demand, so their kinds are checked now.
            let unknown = try read("reading contracts") { db in
                try Row.fetchOne(
                    db,
                    sql: "SELECT address, kind, arguments FROM contract WHERE kind NOT IN (\(factories.keys.map { _ in "?" }.joined(separator: ", "))) ORDER BY address LIMIT 1",
                    arguments: StatementArguments(factories.keys.sorted()))
            }
            if let unknown { _ = try model(from: unknown, factories: factories) }
            sourceFactories = factories
            image.source = self
        }
        return image
    }

    private func model(from row: Row, factories: [String: ContractFactory]) throws(StoreError) -> (Address, any ContractModel) {
        let reader = RowReader(row: row, table: "contract")
        let address = try reader.address("address"), kind = try reader.text("kind")
        guard let factory = factories[kind] else {
            throw StoreError(.incompatible, "the contract at \(address) is of kind '\(kind)', which this MintSim does not model")
        }
        do {
            return (address, try factory([UInt8](try reader.data("arguments"))))
        } catch {
            throw StoreError(.corrupt, "the contract at \(address) (\(kind)) cannot be rebuilt: \(error)")
        }
    }

    // MARK: - StateSource (a read-only chain's state, read on demand)

    public func account(_ address: Address) -> Account? {
        sourceRead { () throws(StoreError) -> Account? in
            guard let row = try read("reading an account", { db in
                try Row.fetchOne(db, sql: "SELECT address, nonce, balance FROM account WHERE address = ?", arguments: [address.data])
            }) else { return nil }
            let reader = RowReader(row: row, table: "account")
            return Account(nonce: try reader.uint("nonce"), balance: try reader.word("balance"))
        }
    }

    public func contract(at address: Address) -> (any ContractModel)? {
        sourceRead { () throws(StoreError) -> (any ContractModel)? in
            guard let row = try read("reading a contract", { db in
                try Row.fetchOne(db, sql: "SELECT address, kind, arguments FROM contract WHERE address = ?", arguments: [address.data])
            }) else { return nil }
            return try model(from: row, factories: sourceFactories).1
        }
    }

    public func storage(of address: Address, _ key: StorageKey) -> StorageValue? {
        sourceRead { () throws(StoreError) -> StorageValue? in
            guard let row = try read("reading storage", { db in
                try Row.fetchOne(
                    db, sql: "SELECT word, bytes FROM storage WHERE address = ? AND slot = ? AND key1 = ? AND key2 = ?",
                    arguments: [address.data, Int64(key.slot), key.first.data, key.second.data])
            }) else { return nil }
            let reader = RowReader(row: row, table: "storage")
            if reader.optionalData("word") != nil { return .word(try reader.word("word")) }
            guard let bytes = reader.optionalData("bytes") else {
                throw StoreError(.corrupt, "storage row of \(address) has neither a word nor bytes")
            }
            return .bytes([UInt8](bytes))
        }
    }

    /// Runs an on-demand read; a failure answers nil (the chain cannot take errors there) and is
    /// kept in `readFailure`, which callers check before trusting an answer.
    private func sourceRead<T>(_ body: () throws(StoreError) -> T?) -> T? {
        do {
            return try body()
        } catch {
            if readFailure == nil { readFailure = error }
            return nil
        }
    }

    // MARK: - Blocks, transactions, receipts, logs

    /// The number of the latest block (nil: none).
    public func latestBlockNumber() throws(StoreError) -> UInt64? {
        try read("reading blocks") { db in try Int64.fetchOne(db, sql: "SELECT max(number) FROM block") }.map { UInt64($0) }
    }

    /// How many transactions the chain holds.
    public func transactionCount() throws(StoreError) -> Int {
        try read("reading transactions") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tx") ?? 0 }
    }

    static let blockColumns = """
        number, hash, parent_hash, timestamp, coinbase, gas_limit, gas_used, base_fee, transactions_root,
        receipts_root, logs_bloom, transaction_count
        """

    public func readBlock(number: UInt64) throws(StoreError) -> Block? {
        guard let row = try read("reading block \(number)", { db in
            try Row.fetchOne(db, sql: "SELECT \(StateFile.blockColumns) FROM block WHERE number = ?", arguments: [Int64(bitPattern: number)])
        }) else { return nil }
        return try block(from: row)
    }

    public func readBlock(hash: Hash) throws(StoreError) -> Block? {
        guard let row = try read("reading block \(hash)", { db in
            try Row.fetchOne(db, sql: "SELECT \(StateFile.blockColumns) FROM block WHERE hash = ?", arguments: [hash.data])
        }) else { return nil }
        return try block(from: row)
    }

    /// Blocks `range`, oldest first (for checks and listings), in two queries.
    public func readBlocks(_ range: ClosedRange<UInt64>) throws(StoreError) -> [Block] {
        guard let ids = Schema.ids(range) else { return [] }
        let (rows, hashRows) = try read("reading blocks") { db in
            (
                try Row.fetchAll(
                    db, sql: "SELECT \(StateFile.blockColumns) FROM block WHERE number BETWEEN ? AND ? ORDER BY number",
                    arguments: [ids.lowerBound >> Schema.positionBits, ids.upperBound >> Schema.positionBits]),
                try Row.fetchAll(
                    db, sql: "SELECT id, hash FROM tx WHERE id BETWEEN ? AND ? ORDER BY id",
                    arguments: [ids.lowerBound, ids.upperBound])
            )
        }
        var hashes: [UInt64: [Hash]] = [:]
        for row in hashRows {
            let reader = RowReader(row: row, table: "tx")
            hashes[try Schema.split(try reader.int("id")).block, default: []].append(try reader.hash("hash"))
        }
        var out: [Block] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            let number = try RowReader(row: row, table: "block").uint("number")
            out.append(try block(from: row, transactionHashes: hashes[number] ?? []))
        }
        return out
    }

    private func block(from row: Row) throws(StoreError) -> Block {
        let number = try RowReader(row: row, table: "block").uint("number")
        guard let ids = Schema.ids(number...number) else { throw StoreError(.corrupt, "block number \(number) is out of range") }
        let hashes = try read("reading block \(number)") { db in
            try Data.fetchAll(
                db, sql: "SELECT hash FROM tx WHERE id BETWEEN ? AND ? ORDER BY id", arguments: [ids.lowerBound, ids.upperBound])
        }
        var transactionHashes: [Hash] = []
        for data in hashes {
            guard let hash = try? Hash(bytes: [UInt8](data)) else { throw StoreError(.corrupt, "tx.hash is not 32 bytes") }
            transactionHashes.append(hash)
        }
        return try block(from: row, transactionHashes: transactionHashes)
    }

    private func block(from row: Row, transactionHashes: [Hash]) throws(StoreError) -> Block {
        let reader = RowReader(row: row, table: "block")
        let number = try reader.uint("number")
        guard transactionHashes.count == (try reader.int("transaction_count")) else {
            throw StoreError(.corrupt, "block \(number) lists \(try reader.int("transaction_count")) transactions but \(transactionHashes.count) are stored")
        }
        var bloom = Bloom.empty
        if let bytes = reader.optionalData("logs_bloom") {
            guard let read = Bloom(bytes: [UInt8](bytes)) else { throw StoreError(.corrupt, "block.logs_bloom of block \(number) is not 256 bytes") }
            bloom = read
        }
        return Block(
            number: number, hash: try reader.hash("hash"), parentHash: try reader.hash("parent_hash"),
            timestamp: try reader.uint("timestamp"), coinbase: try reader.address("coinbase"),
            gasLimit: try reader.uint("gas_limit"), gasUsed: try reader.uint("gas_used"), baseFee: try reader.word("base_fee"),
            transactionsRoot: try reader.hash("transactions_root"), receiptsRoot: try reader.hash("receipts_root"),
            logsBloom: bloom, transactionHashes: transactionHashes)
    }

    static let txColumns = """
        tx.id, tx.hash, tx.sender, tx.recipient, tx.encoded, tx.signed, tx.status, tx.gas_used, tx.cumulative_gas_used,
        tx.effective_gas_price, tx.contract_address, tx.revert_data, tx.revert_explanation, tx.first_log, tx.log_count,
        block.hash AS block_hash
        """

    /// A transaction with its receipt.
    public struct StoredEntry: Sendable {
        public let transaction: TransactionRecord
        public let receipt: Receipt
    }

    public func readTransaction(hash: Hash) throws(StoreError) -> StoredEntry? {
        let row = try read("reading transaction \(hash)") { db in
            try Row.fetchOne(
                db,
                sql: "SELECT \(StateFile.txColumns) FROM tx JOIN block ON block.number = tx.id >> \(Schema.positionBits) WHERE tx.hash = ?",
                arguments: [hash.data])
        }
        guard let row else { return nil }
        return try entry(from: row)
    }

    /// The transactions of block `number` with their receipts, in order.
    public func readEntries(block number: UInt64) throws(StoreError) -> [StoredEntry] {
        guard let ids = Schema.ids(number...number) else { return [] }
        let rows = try read("reading block \(number)") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(StateFile.txColumns) FROM tx JOIN block ON block.number = tx.id >> \(Schema.positionBits) WHERE tx.id BETWEEN ? AND ? ORDER BY tx.id",
                arguments: [ids.lowerBound, ids.upperBound])
        }
        var out: [StoredEntry] = []
        for row in rows { out.append(try entry(from: row)) }
        return out
    }

    private func entry(from row: Row) throws(StoreError) -> StoredEntry {
        let reader = RowReader(row: row, table: "tx")
        let (number, position) = try Schema.split(try reader.int("id"))
        let hash = try reader.hash("hash"), from = try reader.address("sender"), blockHash = try reader.hash("block_hash")
        let tx = try StoredTransaction.decode(try reader.data("encoded"), signed: try reader.int("signed") != 0, hash: hash, from: from)
        let firstLog = try reader.int("first_log"), logCount = try reader.int("log_count")
        guard (0..<Int64(Schema.maxPosition)).contains(firstLog), (0..<Int64(Schema.maxPosition) - firstLog).contains(logCount) else {
            throw StoreError(.corrupt, "transaction \(hash) has an impossible log range")
        }
        let base = Int64(number) << Schema.positionBits
        let logs = logCount == 0 ? [] : try readLogs(
            sql: "WHERE log.id BETWEEN ? AND ?", arguments: [base | firstLog, base | (firstLog + logCount - 1)])
        let record = TransactionRecord(
            hash: hash, from: from, transaction: tx.transaction, signature: tx.signature, blockNumber: number, blockHash: blockHash,
            index: position)
        let receipt = Receipt(
            transactionHash: hash, transactionIndex: position, blockNumber: number, blockHash: blockHash,
            type: tx.transaction.type, from: from, to: tx.transaction.to, contractAddress: try reader.optionalAddress("contract_address"),
            status: try reader.int("status") != 0, gasUsed: try reader.uint("gas_used"),
            cumulativeGasUsed: try reader.uint("cumulative_gas_used"), effectiveGasPrice: try reader.word("effective_gas_price"),
            logs: logs, logsBloom: Bloom(logs: logs), revertData: reader.optionalData("revert_data").map { [UInt8]($0) } ?? [],
            revertExplanation: row["revert_explanation"])
        return StoredEntry(transaction: record, receipt: receipt)
    }

    /// A block with its transactions and receipts.
    func minedBlock(number: UInt64) throws(StoreError) -> MinedBlock? {
        guard let block = try readBlock(number: number) else { return nil }
        let entries = try readEntries(block: number)
        return MinedBlock(
            block: block,
            transactions: entries.map {
                Chain.PendingTransaction(
                    hash: $0.transaction.hash, from: $0.transaction.from, transaction: $0.transaction.transaction,
                    signature: $0.transaction.signature)
            },
            receipts: entries.map(\.receipt))
    }

    /// Logs matching `filter` in `blocks`, oldest first. Addresses and the first topic are looked up
    /// through their indexes; the other topics are checked as rows are read.
    public func readLogs(_ filter: LogFilter, blocks: ClosedRange<UInt64>, limit: Int? = nil) throws(StoreError) -> [Log] {
        guard let ids = Schema.ids(blocks) else { return [] }
        var clauses = ["log.id BETWEEN ? AND ?"]
        var arguments: [any DatabaseValueConvertible] = [ids.lowerBound, ids.upperBound]
        if !filter.addresses.isEmpty {
            clauses.append("log.address IN (\(filter.addresses.map { _ in "?" }.joined(separator: ", ")))")
            arguments += filter.addresses.map(\.data) as [any DatabaseValueConvertible]
        }
        for (position, wanted) in filter.topics.prefix(4).enumerated() {
            guard let wanted, !wanted.isEmpty else { continue }
            clauses.append("log.topic\(position) IN (\(wanted.map { _ in "?" }.joined(separator: ", ")))")
            arguments += wanted.map(\.data) as [any DatabaseValueConvertible]
        }
        var sql = "WHERE " + clauses.joined(separator: " AND ") + " ORDER BY log.id"
        if let limit { sql += " LIMIT \(limit)" }
        return try readLogs(sql: sql, arguments: StatementArguments(arguments)).filter(filter.matches)
    }

    private func readLogs(sql: String, arguments: StatementArguments) throws(StoreError) -> [Log] {
        let rows = try read("reading logs") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT log.id, log.tx_position, log.address, log.topic0, log.topic1, log.topic2, log.topic3, log.topic_count,
                        log.data, block.hash AS block_hash, tx.hash AS tx_hash
                    FROM log JOIN block ON block.number = log.id >> \(Schema.positionBits)
                    JOIN tx ON tx.id = ((log.id >> \(Schema.positionBits)) << \(Schema.positionBits)) | log.tx_position
                    \(sql)
                    """,
                arguments: arguments)
        }
        var out: [Log] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            let reader = RowReader(row: row, table: "log")
            let (number, logIndex) = try Schema.split(try reader.int("id"))
            let count = Int(try reader.int("topic_count"))
            guard (0...4).contains(count) else { throw StoreError(.corrupt, "log.topic_count \(count) is not 0 to 4") }
            var topics: [Hash] = []
            for index in 0..<count { topics.append(try reader.hash("topic\(index)")) }
            out.append(Log(
                address: try reader.address("address"), topics: topics, data: [UInt8](try reader.data("data")),
                blockNumber: number, blockHash: try reader.hash("block_hash"),
                transactionHash: try reader.hash("tx_hash"), transactionIndex: Int(try reader.int("tx_position")),
                logIndex: logIndex))
        }
        return out
    }

    /// The addresses of every deployed contract, sorted.
    public func contractAddresses() throws(StoreError) -> [Address] {
        let rows = try read("reading contracts") { db in try Data.fetchAll(db, sql: "SELECT address FROM contract ORDER BY address") }
        var out: [Address] = []
        for data in rows {
            guard let address = try? Address(bytes: [UInt8](data)) else { throw StoreError(.corrupt, "contract.address is not 20 bytes") }
            out.append(address)
        }
        return out
    }

    /// The distinct values of topic `position` (1–3) in the logs of `address` whose topic 0 is one
    /// of `topic0` (the receivers of a token's transfers).
    public func distinctTopics(address: Address, topic0: [Hash], position: Int) throws(StoreError) -> [Hash] {
        guard (1...3).contains(position), !topic0.isEmpty else { return [] }
        let rows = try read("reading logs") { db in
            try Data.fetchAll(
                db,
                sql: "SELECT DISTINCT topic\(position) FROM log WHERE address = ? AND topic0 IN (\(topic0.map { _ in "?" }.joined(separator: ", "))) AND topic\(position) IS NOT NULL",
                arguments: StatementArguments([address.data] + topic0.map(\.data)))
        }
        var out: [Hash] = []
        for data in rows {
            guard let hash = try? Hash(bytes: [UInt8](data)) else { throw StoreError(.corrupt, "log topic is not 32 bytes") }
            out.append(hash)
        }
        return out
    }

    // MARK: - ChainArchive

    public func block(number: UInt64) -> Block? { try? readBlock(number: number) }
    public func block(hash: Hash) -> Block? { try? readBlock(hash: hash) }
    public func transaction(hash: Hash) -> TransactionRecord? { (try? readTransaction(hash: hash))?.transaction }
    public func receipt(hash: Hash) -> Receipt? { (try? readTransaction(hash: hash))?.receipt }
    public func receipts(block: UInt64) -> [Receipt] { ((try? readEntries(block: block)) ?? []).map(\.receipt) }
    public func logs(_ filter: LogFilter, blocks: ClosedRange<UInt64>) -> [Log] { (try? readLogs(filter, blocks: blocks)) ?? [] }

    public func containsTransaction(_ hash: Hash) -> Bool {
        (try? read("reading transactions") { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tx WHERE hash = ?)", arguments: [hash.data])
        }) == true
    }

    // MARK: - Integrity

    /// Checks the whole file: SQLite's own check, then every block in order: numbers without gaps
    /// from 0, each hash the Keccak-256 of its header, each parent hash the previous block's hash,
    /// and its stored transactions those its transactions root names. Returns the number of blocks checked.
    @discardableResult
    public func checkIntegrity() throws(StoreError) -> Int {
        let quick = try read("checking the file") { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        guard quick == ["ok"] else { throw StoreError(.corrupt, "\(path) is damaged: \(quick.prefix(3).joined(separator: "; "))") }
        guard let latest = try latestBlockNumber() else { return 0 }
        var previous: Block?
        var start: UInt64 = 0
        while start <= latest {
            let end = min(latest, start + 999)
            let blocks = try readBlocks(start...end)
            for block in blocks {
                let expected = previous.map { $0.number + 1 } ?? 0
                guard block.number == expected else { throw StoreError(.corrupt, "block \(expected) is missing") }
                guard block.hashMatchesHeader else { throw StoreError(.corrupt, "block \(block.number)'s hash does not match its header") }
                var list = RLPWriter(capacity: 33 * block.transactionHashes.count + 8)
                list.list { items in for hash in block.transactionHashes { items.append(hash: hash) } }
                guard Keccak256.hash(list.bytes) == block.transactionsRoot else {
                    throw StoreError(.corrupt, "block \(block.number)'s transactions do not match its transactions root")
                }
                guard block.parentHash == (previous?.hash ?? .zero) else {
                    throw StoreError(.corrupt, "block \(block.number)'s parent hash is not block \(expected == 0 ? 0 : expected - 1)'s hash")
                }
                previous = block
            }
            guard blocks.count == Int(end - start + 1) else { throw StoreError(.corrupt, "blocks \(start)–\(end) are incomplete") }
            start = end + 1
        }
        return Int(latest + 1)
    }
}
