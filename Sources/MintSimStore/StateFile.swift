import Foundation
import GRDB
import GRDBSQLite
import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// A chain kept in an SQLite file (WAL mode): blocks, transactions with their receipts, logs, the
/// whole state, the clock, the pending queue and the names a scenario gave to accounts and
/// contracts. Each block with everything it changed is one SQLite transaction, so a crash at any
/// instant leaves the last committed block complete and nothing of the next one.
///
/// Open a file with `StateFile(path:mode:)`, then get its chain with `chain(config:)`: a new one
/// (created in the file) or the one it holds, re-opened where it stopped.
public final class StateFile: ChainStore, ChainArchive, StateSource {
    public enum Mode: Sendable {
        /// Create the file when missing; blocks and changes are written to it.
        case readWrite
        /// The file must exist and hold a chain; nothing is written (queries).
        case readOnly
    }

    public let path: String
    public let mode: Mode
    let queue: DatabaseQueue
    /// The configuration to write with the first commit of a new chain.
    private var newChainConfig: ChainConfig?
    /// Where the next pending transaction goes.
    var nextPendingPosition: Int64 = 0
    /// Checkpoints the WAL in the background (read-write files).
    private var checkpointer: Checkpointer?
    /// The first failure of a read made on demand for a read-only chain (see `StateSource`): answers
    /// given after it may be wrong.
    public internal(set) var readFailure: StoreError?
    /// The factories contracts read on demand are rebuilt with (a read-only chain).
    var sourceFactories: [String: ContractFactory] = [:]

    /// Opens (or, in `.readWrite`, creates) the state file at `path`, checking that it is a MintSim
    /// state file of a schema this version knows, and bringing an older schema up to date.
    public init(path: String, mode: Mode) throws(StoreError) {
        self.path = path
        self.mode = mode
        try StateFile.checkHeader(path: path, mode: mode)
        var configuration = Configuration()
        configuration.readonly = mode == .readOnly
        // A read-only file may keep one read transaction open across reads (`pinSnapshot`).
        configuration.allowsUnsafeTransactions = mode == .readOnly
        configuration.label = "mintsim-state"
        configuration.busyMode = .timeout(5)
        let readOnly = mode == .readOnly
        configuration.prepareDatabase { db in
            guard !readOnly else { return }
            // WAL with synchronous NORMAL: a commit is durable once written to the WAL (a killed
            // process loses nothing committed; a power cut may lose the last commits, never
            // consistency). Checkpoints, which fsync, run in the background (see Checkpointer).
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError.sqlite(error, path: path, "opening")
        }
        try prepareSchema()
        if mode == .readWrite {
            do {
                let checkpointer = try Checkpointer(path: path)
                try queue.writeWithoutTransaction { db in checkpointer.install(on: db) }
                self.checkpointer = checkpointer
            } catch {
                throw StoreError.sqlite(error, path: path, "opening")
            }
        }
    }

    deinit {
        guard let checkpointer else { return }
        // The hook refers to the checkpointer: remove it before either goes.
        try? queue.writeWithoutTransaction { db in
            if let handle = db.sqliteConnection { sqlite3_wal_hook(handle, nil, nil) }
        }
        checkpointer.finish()
    }

    /// Refuses a missing file (for reading) and a file that is not SQLite, before SQLite sees it.
    private static func checkHeader(path: String, mode: Mode) throws(StoreError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if mode == .readOnly { throw StoreError(.missingFile, "no state file at \(path)") }
            return
        }
        if isDirectory.boolValue { throw StoreError(.notADatabase, "\(path) is a directory, not a state file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(.io, "\(path) cannot be read (permissions)")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty {
            if mode == .readOnly { throw StoreError(.notAStateFile, "\(path) is empty: no chain was written to it") }
            return
        }
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw StoreError(.notADatabase, "\(path) is not an SQLite database (it does not start with the SQLite header)")
        }
    }

    private func prepareSchema() throws(StoreError) {
        let migrator = Schema.migrator
        let path = self.path
        do {
            let check = { (db: Database) throws in
                let applicationId = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if applicationId != Schema.applicationId {
                    guard applicationId == 0, tables.isEmpty else {
                        throw StoreError(.notAStateFile, "\(path) is an SQLite database but not a MintSim state file")
                    }
                } else if try migrator.hasBeenSuperseded(db) {
                    let known = Set(migrator.migrations)
                    let applied = try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
                    throw StoreError(
                        .newerSchema,
                        "\(path) was written by a newer MintSim (schema \(applied.joined(separator: ", ")); this one knows up to \(migrator.migrations.last ?? "none"))")
                }
                if readOnlyMode(db), applicationId == 0 {
                    throw StoreError(.notAStateFile, "\(path) holds no chain")
                }
            }
            func readOnlyMode(_ db: Database) -> Bool { self.mode == .readOnly }
            if mode == .readOnly {
                try queue.read { db in
                    try check(db)
                    guard try migrator.hasCompletedMigrations(db) else {
                        throw StoreError(
                            .incompatible,
                            "\(path) was written by an older MintSim: open it once with `mintsim run --state` to bring it up to date")
                    }
                }
            } else {
                try queue.writeWithoutTransaction { db in try check(db) }
                try migrator.migrate(queue)
            }
        } catch {
            throw StoreError.sqlite(error, path: path, "reading the schema")
        }
    }

    /// Whether every read sees one snapshot of the file (see `pinSnapshot`).
    private var pinned = false

    /// Makes every later read see the file as it is now, even while another process writes it: one
    /// read transaction stays open until the file is closed (read-only files).
    public func pinSnapshot() throws(StoreError) {
        guard mode == .readOnly, !pinned else { return }
        do {
            try queue.inDatabase { db in
                try db.execute(sql: "BEGIN DEFERRED")
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM chain")
            }
        } catch {
            throw StoreError.sqlite(error, path: path, "reading the chain")
        }
        pinned = true
    }

    /// Runs `body` in a read transaction (the pinned one, if any), turning SQLite failures into
    /// `StoreError`s.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return pinned ? try queue.inDatabase(body) : try queue.read(body)
        } catch {
            throw StoreError.sqlite(error, path: path, what)
        }
    }

    /// Whether the file holds a chain (a configuration and at least its genesis block).
    public func holdsChain() throws(StoreError) -> Bool {
        try read("reading the chain") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM chain") == 1
                && (try Int.fetchOne(db, sql: "SELECT count(*) FROM block WHERE number = 0") == 1)
        }
    }

    // MARK: - The chain

    /// The chain the file holds, re-opened where it stopped, or, when it holds none, a new chain with
    /// `config`, written to it at once. Signed creation transactions can deploy every kind of
    /// `ContractRegistry` and of `factories`. In `.readOnly` mode nothing is ever written: the chain
    /// runs in memory from the file's state.
    ///
    /// A re-opened chain keeps its chain id, start time and genesis accounts; `config`, when given,
    /// must have the same chain id, and its mining mode, block time, base fee, block gas limit,
    /// coinbase and state history apply to the blocks mined from now on (as Anvil's options do
    /// when it loads a state), and are recorded in the file.
    public func chain(config: ChainConfig? = nil, factories: [String: ContractFactory] = [:]) throws(StoreError) -> Chain {
        var all: [String: ContractFactory] = [:]
        for kind in ContractRegistry.kinds { all[kind.name] = kind.factory }
        for (kind, factory) in factories { all[kind] = factory }
        if try holdsChain() {
            // Read-only: the state is read as needed (a query touches a few values of a large state).
            var image = try loadImage(factories: all, lazily: mode == .readOnly)
            if let config {
                guard config.chainId == image.config.chainId else {
                    throw StoreError(
                        .incompatible, "\(path) holds a chain with chain id \(image.config.chainId), not \(config.chainId)")
                }
                var settings = config
                settings.startTime = image.config.startTime
                settings.genesisAccounts = image.config.genesisAccounts
                settings.blockTime = max(settings.blockTime, 1)
                if settings != image.config && mode == .readWrite {
                    do {
                        try queue.write { db in try writeSettings(settings, db) }
                    } catch {
                        throw StoreError.sqlite(error, path: path, "writing the chain settings")
                    }
                }
                image.config = settings
            }
            return Chain(restoring: image, archive: self, store: mode == .readWrite ? self : nil, factories: all)
        }
        guard mode == .readWrite else { throw StoreError(.notAStateFile, "\(path) holds no chain") }
        let chain = Chain(config: config ?? .development())
        for (kind, factory) in all { chain.registerModel(kind: kind, factory: factory) }
        newChainConfig = chain.config
        do {
            try chain.attach(store: self)
        } catch {
            newChainConfig = nil
            throw StoreError(.io, error.message)
        }
        return chain
    }

    // MARK: - Writing

    public func commit(_ commit: ChainCommit) throws(ChainError) {
        guard mode == .readWrite else { return }
        if batch != nil {
            batch?.append(commit)
            return
        }
        do {
            try queue.write { db in try write(commit, db) }
        } catch {
            throw ChainError(.storeFailed, StoreError.sqlite(error, path: path, "writing block").message)
        }
    }

    private func write(_ commit: ChainCommit, _ db: Database) throws {
        if let config = newChainConfig {
            try writeConfig(config, clock: commit.clock, db)
            newChainConfig = nil
        }
        if let after = commit.removedAfter {
            let firstId = Int64(min(after, Schema.maxBlock) + 1) << Schema.positionBits
            try db.execute(sql: "DELETE FROM block WHERE number > ?", arguments: [Int64(after)])
            try db.execute(sql: "DELETE FROM tx WHERE id >= ?", arguments: [firstId])
            try db.execute(sql: "DELETE FROM log WHERE id >= ?", arguments: [firstId])
        }
        for (index, mined) in commit.blocks.enumerated() {
            // The clock after the last block is kept in its row; without blocks, in the chain's row.
            try write(mined, clock: index == commit.blocks.count - 1 ? commit.clock : nil, db)
        }
        try write(commit.state, db)
        if commit.blocks.isEmpty {
            let clock = try db.cachedStatement(
                sql: "UPDATE chain SET clock_now = ?, clock_next = ?, clock_block = (SELECT max(number) FROM block) WHERE id = 1")
            try clock.execute(arguments: [Int64(bitPattern: commit.clock.now), commit.clock.nextTimestamp.map { Int64(bitPattern: $0) }])
        }
        if let replaced = commit.pendingReplaced {
            try db.execute(sql: "DELETE FROM pending")
            nextPendingPosition = 0
            for tx in replaced { try writePending(tx, db) }
        }
        for tx in commit.pendingAdded { try writePending(tx, db) }
    }

    private static func miningName(_ mining: MiningMode) -> String {
        switch mining {
        case .auto: return "auto"
        case .interval: return "interval"
        case .manual: return "manual"
        }
    }

    /// Records the settings that apply to blocks from now on.
    private func writeSettings(_ config: ChainConfig, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE chain SET block_time = ?, mining = ?, base_fee = ?, block_gas_limit = ?, coinbase = ?, state_history = ?
                WHERE id = 1
                """,
            arguments: [
                Int64(bitPattern: config.blockTime), StateFile.miningName(config.mining), config.baseFee.data,
                Int64(bitPattern: config.blockGasLimit), config.coinbase.data, Int64(config.stateHistory),
            ])
    }

    private func writeConfig(_ config: ChainConfig, clock: ClockState, _ db: Database) throws {
        let mining = StateFile.miningName(config.mining)
        try db.execute(sql: "DELETE FROM chain")
        try db.execute(sql: "DELETE FROM genesis_account")
        try db.execute(
            sql: """
                INSERT INTO chain (id, chain_id, start_time, block_time, mining, base_fee, block_gas_limit, coinbase,
                    state_history, clock_now, clock_next, clock_block) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, -1)
                """,
            arguments: [
                Int64(bitPattern: config.chainId), Int64(bitPattern: config.startTime), Int64(bitPattern: config.blockTime),
                mining, config.baseFee.data, Int64(bitPattern: config.blockGasLimit), config.coinbase.data,
                Int64(config.stateHistory), Int64(bitPattern: clock.now), clock.nextTimestamp.map { Int64(bitPattern: $0) },
            ])
        for (position, (address, balance)) in config.genesisAccounts.enumerated() {
            try db.execute(
                sql: "INSERT INTO genesis_account (position, address, balance) VALUES (?, ?, ?)",
                arguments: [position, address.data, balance.data])
        }
    }

    private func write(_ mined: MinedBlock, clock: ClockState?, _ db: Database) throws {
        let block = mined.block
        guard block.number <= Schema.maxBlock else {
            throw StoreError(.io, "block \(block.number) is past the last block number a state file holds (\(Schema.maxBlock))")
        }
        guard mined.transactions.count < Schema.maxPosition else {
            throw StoreError(.io, "block \(block.number) has more than \(Schema.maxPosition - 1) transactions")
        }
        let insertBlock = try FastStatement(db, """
            INSERT INTO block (number, hash, parent_hash, timestamp, coinbase, gas_limit, gas_used, base_fee,
                transactions_root, receipts_root, logs_bloom, transaction_count, clock_now, clock_next)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // A block not last in its commit gets the clock as it was right after it.
        let clock = clock ?? ClockState(now: block.timestamp, nextTimestamp: nil)
        try insertBlock.run(db) { bind in
            bind.uint(block.number)
            bind.hash(block.hash)
            bind.hash(block.parentHash)
            bind.uint(block.timestamp)
            bind.address(block.coinbase)
            bind.uint(block.gasLimit)
            bind.uint(block.gasUsed)
            bind.word(block.baseFee)
            bind.hash(block.transactionsRoot)
            bind.hash(block.receiptsRoot)
            if block.logsBloom.isEmpty { bind.null() } else { bind.bytes(block.logsBloom.bytes) }
            bind.int(mined.transactions.count)
            bind.uint(clock.now)
            bind.optional(clock.nextTimestamp) { $0.uint($1) }
        }
        guard !mined.transactions.isEmpty else { return }
        let insertTx = try FastStatement(db, """
            INSERT INTO tx (id, hash, sender, recipient, encoded, signed, status, gas_used, cumulative_gas_used,
                effective_gas_price, contract_address, revert_data, revert_explanation, first_log, log_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertLog = try FastStatement(db, """
            INSERT INTO log (id, tx_position, address, topic0, topic1, topic2, topic3, topic_count, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let base = Int64(block.number) << Schema.positionBits
        var logIndex = 0
        for (position, (tx, receipt)) in zip(mined.transactions, mined.receipts).enumerated() {
            try insertTx.run(db) { bind in
                bind.int(base + Int64(position))
                bind.hash(tx.hash)
                bind.address(tx.from)
                bind.optional(tx.transaction.to) { $0.address($1) }
                bind.bytes(StoredTransaction.encode(tx))
                bind.bool(tx.signature != nil)
                bind.bool(receipt.status)
                bind.uint(receipt.gasUsed)
                bind.uint(receipt.cumulativeGasUsed)
                bind.word(receipt.effectiveGasPrice)
                bind.optional(receipt.contractAddress) { $0.address($1) }
                if receipt.revertData.isEmpty { bind.null() } else { bind.bytes(receipt.revertData) }
                bind.optional(receipt.revertExplanation) { $0.text($1) }
                bind.int(logIndex)
                bind.int(receipt.logs.count)
            }
            for log in receipt.logs {
                guard logIndex < Schema.maxPosition else {
                    throw StoreError(.io, "block \(block.number) has more than \(Schema.maxPosition - 1) logs")
                }
                let topics = log.topics
                try insertLog.run(db) { bind in
                    bind.int(base + Int64(logIndex))
                    bind.int(position)
                    bind.address(log.address)
                    for index in 0..<4 {
                        if index < topics.count { bind.hash(topics[index]) } else { bind.null() }
                    }
                    bind.int(topics.count)
                    bind.bytes(log.data)
                }
                logIndex += 1
            }
        }
    }

    private func write(_ changes: StateChanges, _ db: Database) throws {
        if !changes.accounts.isEmpty {
            let upsert = try FastStatement(db, "INSERT OR REPLACE INTO account (address, nonce, balance) VALUES (?, ?, ?)")
            let delete = try db.cachedStatement(sql: "DELETE FROM account WHERE address = ?")
            for (address, account) in changes.accounts {
                if let account {
                    try upsert.run(db) { bind in
                        bind.address(address)
                        bind.uint(account.nonce)
                        bind.word(account.balance)
                    }
                } else {
                    try delete.execute(arguments: [address.data])
                }
            }
        }
        if !changes.code.isEmpty {
            let upsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO contract (address, kind, arguments) VALUES (?, ?, ?)")
            let delete = try db.cachedStatement(sql: "DELETE FROM contract WHERE address = ?")
            for (address, model) in changes.code {
                if let model {
                    try upsert.execute(arguments: [address.data, model.kind, Data(model.constructorArguments)])
                } else {
                    try delete.execute(arguments: [address.data])
                }
            }
        }
        if !changes.storage.isEmpty {
            let upsert = try FastStatement(db, "INSERT OR REPLACE INTO storage (address, slot, key1, key2, word, bytes) VALUES (?, ?, ?, ?, ?, ?)")
            let delete = try db.cachedStatement(
                sql: "DELETE FROM storage WHERE address = ? AND slot = ? AND key1 = ? AND key2 = ?")
            for (address, key, value) in changes.storage {
                switch value {
                case let value?:
                    try upsert.run(db) { bind in
                        bind.address(address)
                        bind.int(Int64(key.slot))
                        bind.hash(key.first)
                        bind.hash(key.second)
                        // A word in `word`, a byte string in `bytes`; the other NULL.
                        switch value {
                        case .word(let word):
                            bind.word(word)
                            bind.null()
                        case .bytes(let bytes):
                            bind.null()
                            bind.bytes(bytes)
                        }
                    }
                case nil:
                    try delete.execute(arguments: [address.data, Int64(key.slot), key.first.data, key.second.data])
                }
            }
        }
    }

    private func writePending(_ tx: Chain.PendingTransaction, _ db: Database) throws {
        let insert = try db.cachedStatement(
            sql: "INSERT INTO pending (position, hash, sender, encoded, signed) VALUES (?, ?, ?, ?, ?)")
        try insert.execute(arguments: [
            nextPendingPosition, tx.hash.data, tx.from.data, Data(StoredTransaction.encode(tx)), tx.signature != nil,
        ])
        nextPendingPosition += 1
    }

    // MARK: - Names

    /// A name a scenario gave to an address.
    public struct Name: Hashable, Sendable {
        public enum Role: String, Sendable { case account, contract }
        public let name: String
        public let address: Address
        public let role: Role

        public init(name: String, address: Address, role: Role) {
            self.name = name
            self.address = address
            self.role = role
        }
    }

    /// Records names (replacing earlier ones of the same name), in one transaction.
    public func setNames(_ names: [Name]) throws(StoreError) {
        guard mode == .readWrite else { throw StoreError(.io, "\(path) is open read-only") }
        do {
            try queue.write { db in
                for name in names {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO name (name, address, role) VALUES (?, ?, ?)",
                        arguments: [name.name, name.address.data, name.role.rawValue])
                }
            }
        } catch {
            throw StoreError.sqlite(error, path: path, "writing names")
        }
    }

    /// Every recorded name, sorted by name.
    // MARK: Batches and API records

    /// Commits held back until `endBatch` (nil: not batching).
    private var batch: [ChainCommit]?

    /// From now on the chain's commits are held back and written, with the records `endBatch` is
    /// given, in one transaction by `endBatch`: a mint API request and the blocks it mined are
    /// durable together or not at all.
    public func beginBatch() {
        if batch == nil { batch = [] }
    }

    /// Writes the held-back commits and `records` (nil value: delete) in one transaction; with
    /// `replacingAll`, the API records not among them are deleted.
    public func endBatch(records: [(key: String, value: [UInt8]?)], replacingAll: Bool = false) throws(StoreError) {
        let commits = batch ?? []
        batch = nil
        guard mode == .readWrite else { throw StoreError(.io, "\(path) is open read-only") }
        guard !commits.isEmpty || !records.isEmpty || replacingAll else { return }
        do {
            try queue.write { db in
                for commit in commits { try write(commit, db) }
                if replacingAll { try db.execute(sql: "DELETE FROM api_record") }
                for record in records {
                    if let value = record.value {
                        try db.execute(
                            sql: "INSERT OR REPLACE INTO api_record (key, value) VALUES (?, ?)", arguments: [record.key, Data(value)])
                    } else {
                        try db.execute(sql: "DELETE FROM api_record WHERE key = ?", arguments: [record.key])
                    }
                }
            }
        } catch {
            throw StoreError.sqlite(error, path: path, "writing a batch")
        }
    }

    /// Every API record, by key.
    public func apiRecords() throws(StoreError) -> [(key: String, value: [UInt8])] {
        let rows = try read("reading API records") { db in try Row.fetchAll(db, sql: "SELECT key, value FROM api_record ORDER BY key") }
        return rows.map { row in
            let key: String = row["key"]
            let value: Data = row["value"]
            return (key, Array(value))
        }
    }

    public func names() throws(StoreError) -> [Name] {
        let rows = try read("reading names") { db in try Row.fetchAll(db, sql: "SELECT name, address, role FROM name ORDER BY name") }
        var out: [Name] = []
        for row in rows {
            let reader = RowReader(row: row, table: "name")
            guard let role = Name.Role(rawValue: try reader.text("role")) else {
                throw StoreError(.corrupt, "name.role of '\(try reader.text("name"))' is not account or contract")
            }
            out.append(Name(name: try reader.text("name"), address: try reader.address("address"), role: role))
        }
        return out
    }
}
