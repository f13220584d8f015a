import GRDB

/// The state file's tables. Every change to them is a new migration appended here; a file whose
/// applied migrations include one this list does not know was written by a newer MintSim.
enum Schema {
    /// `PRAGMA application_id` of MintSim state files ("MSim").
    static let applicationId: Int32 = 0x4D53_696D

    /// Ids of transactions and logs: block number << 24 | position in the block, so that rows are
    /// appended in order and a block's rows are one range.
    static let positionBits = 24
    static let maxPosition = 1 << positionBits
    /// The highest block number ids can hold.
    static let maxBlock: UInt64 = (1 << (63 - positionBits)) - 1

    /// The ids of the rows of `blocks` (nil when the range starts past `maxBlock`).
    static func ids(_ blocks: ClosedRange<UInt64>) -> ClosedRange<Int64>? {
        guard blocks.lowerBound <= maxBlock else { return nil }
        let last = min(blocks.upperBound, maxBlock)
        return (Int64(blocks.lowerBound) << positionBits)...((Int64(last + 1) << positionBits) - 1)
    }

    /// The block number and position an id stands for.
    static func split(_ id: Int64) throws(StoreError) -> (block: UInt64, position: Int) {
        guard id >= 0 else { throw StoreError(.corrupt, "row id \(id) is negative") }
        return (UInt64(id >> positionBits), Int(id & Int64(maxPosition - 1)))
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE chain (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    chain_id INTEGER NOT NULL, start_time INTEGER NOT NULL, block_time INTEGER NOT NULL,
                    mining TEXT NOT NULL, base_fee BLOB NOT NULL, block_gas_limit INTEGER NOT NULL,
                    coinbase BLOB NOT NULL, state_history INTEGER NOT NULL,
                    clock_now INTEGER NOT NULL, clock_next INTEGER, clock_block INTEGER NOT NULL);
                CREATE TABLE genesis_account (
                    position INTEGER PRIMARY KEY, address BLOB NOT NULL, balance BLOB NOT NULL);
                CREATE TABLE block (
                    number INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, parent_hash BLOB NOT NULL,
                    timestamp INTEGER NOT NULL, coinbase BLOB NOT NULL, gas_limit INTEGER NOT NULL,
                    gas_used INTEGER NOT NULL, base_fee BLOB NOT NULL, transactions_root BLOB NOT NULL,
                    receipts_root BLOB NOT NULL, logs_bloom BLOB, transaction_count INTEGER NOT NULL,
                    clock_now INTEGER NOT NULL, clock_next INTEGER);
                CREATE TABLE tx (
                    id INTEGER PRIMARY KEY, hash BLOB NOT NULL, sender BLOB NOT NULL, recipient BLOB,
                    encoded BLOB NOT NULL, signed INTEGER NOT NULL, status INTEGER NOT NULL,
                    gas_used INTEGER NOT NULL, cumulative_gas_used INTEGER NOT NULL,
                    effective_gas_price BLOB NOT NULL, contract_address BLOB, revert_data BLOB,
                    revert_explanation TEXT, first_log INTEGER NOT NULL, log_count INTEGER NOT NULL);
                CREATE UNIQUE INDEX tx_by_hash ON tx(hash);
                CREATE TABLE log (
                    id INTEGER PRIMARY KEY, tx_position INTEGER NOT NULL, address BLOB NOT NULL,
                    topic0 BLOB, topic1 BLOB, topic2 BLOB, topic3 BLOB, topic_count INTEGER NOT NULL,
                    data BLOB NOT NULL);
                CREATE INDEX log_by_address ON log(address, id);
                CREATE INDEX log_by_topic0 ON log(topic0, id);
                CREATE TABLE account (
                    address BLOB PRIMARY KEY, nonce INTEGER NOT NULL, balance BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE contract (
                    address BLOB PRIMARY KEY, kind TEXT NOT NULL, arguments BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE storage (
                    address BLOB NOT NULL, slot INTEGER NOT NULL, key1 BLOB NOT NULL, key2 BLOB NOT NULL,
                    word BLOB, bytes BLOB,
                    PRIMARY KEY (address, slot, key1, key2)) WITHOUT ROWID;
                CREATE TABLE pending (
                    position INTEGER PRIMARY KEY, hash BLOB NOT NULL, sender BLOB NOT NULL,
                    encoded BLOB NOT NULL, signed INTEGER NOT NULL);
                CREATE TABLE name (
                    name TEXT PRIMARY KEY, address BLOB NOT NULL, role TEXT NOT NULL);
                """)
            // In the schema's own transaction: a file with the tables always carries the id.
            try db.execute(sql: "PRAGMA application_id = \(applicationId)")
        }
        // The mint API's records (idempotency keys, requests, operations, webhook deliveries), written
        // in the same transaction as the blocks an API request mined.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: "CREATE TABLE api_record (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID")
        }
        return migrator
    }
}
