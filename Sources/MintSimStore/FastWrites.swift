import Foundation
import GRDB
import GRDBSQLite
import MintSimChain
import MintSimPrimitives

/// SQLite's "copy the value now" destructor (the C macro SQLITE_TRANSIENT).
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One of the statements a block commit runs many times, bound through the C API: GRDB's
/// `StatementArguments` boxes every value, which costs more than SQLite's own work on these rows.
/// The statement comes from GRDB's cache and runs inside the transaction GRDB opened.
struct FastStatement {
    let statement: Statement
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    /// Binds values with `bind` (parameters count from 1), then runs the statement to completion.
    func run(_ db: Database, _ bind: (inout Binder) -> Void) throws {
        sqlite3_reset(handle)
        var binder = Binder(handle: handle)
        bind(&binder)
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    struct Binder {
        let handle: OpaquePointer
        private var index: Int32 = 1

        init(handle: OpaquePointer) { self.handle = handle }

        mutating func int(_ value: Int64) {
            sqlite3_bind_int64(handle, index, value)
            index += 1
        }

        mutating func uint(_ value: UInt64) { int(Int64(bitPattern: value)) }
        mutating func int(_ value: Int) { int(Int64(value)) }
        mutating func bool(_ value: Bool) { int(value ? 1 : 0) }

        mutating func null() {
            sqlite3_bind_null(handle, index)
            index += 1
        }

        mutating func bytes(_ buffer: UnsafeRawBufferPointer) {
            // An empty BLOB, not NULL, for empty bytes: a non-nil pointer with length 0.
            if buffer.isEmpty {
                sqlite3_bind_zeroblob(handle, index, 0)
            } else {
                sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), transient)
            }
            index += 1
        }

        mutating func bytes(_ value: [UInt8]) { value.withUnsafeBytes { bytes($0) } }
        mutating func address(_ value: Address) { value.withUnsafeBytes { bytes($0) } }
        mutating func hash(_ value: Hash) { value.withUnsafeBytes { bytes($0) } }
        mutating func word(_ value: UInt256) { bytes(value.bytes32) }

        mutating func text(_ value: String) {
            var value = value
            value.withUTF8 { buffer in
                _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), transient)
            }
            index += 1
        }

        mutating func optional<T>(_ value: T?, _ bind: (inout Binder, T) -> Void) {
            if let value { bind(&self, value) } else { null() }
        }
    }
}

/// Checkpoints the WAL from a connection of its own on a background queue, so that the writer
/// never waits for the copy into the database file and its fsync. The writer's connection reports
/// the WAL's size after each commit (SQLite's WAL hook); past `threshold` pages a passive checkpoint
/// is started (it never blocks the writer); past `limit` pages, should the background fall behind,
/// the writer checkpoints itself, which bounds the WAL.
final class Checkpointer: @unchecked Sendable {
    static let threshold: Int32 = 4_096  // 16 MiB of 4 KiB pages
    static let limit: Int32 = 65_536  // 256 MiB
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "mintsim.checkpoint")
    private let lock = NSLock()
    private var running = false

    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "mintsim-checkpoint"
        configuration.busyMode = .immediateError
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Installs the WAL hook on the writer's connection.
    func install(on db: Database) {
        guard let handle = db.sqliteConnection else { return }
        sqlite3_wal_autocheckpoint(handle, 0)
        sqlite3_wal_hook(handle, { context, db, _, pages in
            guard let context else { return SQLITE_OK }
            let checkpointer = Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue()
            if pages >= Checkpointer.limit {
                sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            } else if pages >= Checkpointer.threshold {
                checkpointer.start()
            }
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Starts a passive checkpoint unless one is running.
    func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return }
        running = true
        queue.async { [self] in
            try? connection.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
            lock.lock()
            running = false
            lock.unlock()
        }
    }

    /// Waits for a running checkpoint (before the writer's connection closes).
    func finish() {
        queue.sync {}
    }
}
