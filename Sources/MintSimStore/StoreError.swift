import GRDB
import MintSimChain
import MintSimPrimitives

/// Why a state file could not be used.
public struct StoreError: CodedError {
    public enum Code: Sendable, Equatable {
        /// No file at the path (opening for reading).
        case missingFile
        /// The file is not an SQLite database.
        case notADatabase
        /// An SQLite database that MintSim did not write.
        case notAStateFile
        /// Written by a newer MintSim whose schema this one does not know.
        case newerSchema
        /// The file is damaged, or holds values MintSim cannot read back.
        case corrupt
        /// The chain in the file cannot be re-opened as asked (another configuration, an unknown
        /// contract kind).
        case incompatible
        /// Reading or writing failed (disk full, permissions, locked by another process).
        case io
    }
    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The error for an SQLite failure on `path` while doing `what`.
    static func sqlite(_ error: any Error, path: String, _ what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return StoreError(.io, "\(path): \(what): \(error)")
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_NOTADB:
            return StoreError(.notADatabase, "\(path) is not an SQLite database (\(detail))")
        case .SQLITE_CORRUPT:
            return StoreError(.corrupt, "\(path) is damaged: \(detail)")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.io, "\(path) is locked by another process (\(what))")
        case .SQLITE_CANTOPEN:
            return StoreError(.io, "\(path) cannot be opened: \(detail)")
        case .SQLITE_READONLY:
            return StoreError(.io, "\(path) is read-only (\(what))")
        case .SQLITE_FULL:
            return StoreError(.io, "\(path): the disk is full (\(what))")
        default:
            return StoreError(.io, "\(path): \(what): \(detail)")
        }
    }
}
