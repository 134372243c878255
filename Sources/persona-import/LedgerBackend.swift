import ImportReporting
import ImportProtocol
import CommandLineValues
import Foundation
import ImportLedger
import PostgresLedger

/// Where a ledger lives: an SQLite file (a path) or a PostgreSQL schema (a `postgres://` URL,
/// from `--ledger` or `PERSONA_IMPORT_LEDGER`). Every command works the same on both.
enum LedgerBackend {
    case sqlite(path: String)
    case postgres(url: String, schema: String)

    static let environmentVariable = "PERSONA_IMPORT_LEDGER"

    init(_ location: String, schema: String) {
        self = PostgresLocation.isURL(location) ? .postgres(url: location, schema: schema) : .sqlite(path: location)
    }

    /// The location for messages: a URL with its password redacted.
    var displayName: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url, let schema): PostgresLocation.redact(url) + " (schema \(schema))"
        }
    }

    var exists: Bool {
        switch self {
        case .sqlite(let path): FileManager.default.fileExists(atPath: path)
        case .postgres: true
        }
    }

    /// Opens the ledger; `create: false` (status, export) refuses a missing one.
    func open(create: Bool = true) throws -> any Ledger {
        switch self {
        case .sqlite(let path):
            guard create || FileManager.default.fileExists(atPath: path) else {
                throw LedgerOpenError(message: "\(path): no such ledger; check --ledger (a run creates it beside its input)")
            }
            return try SQLiteLedger(path: path)
        case .postgres(let url, let schema):
            return try PostgresLedger(url: url, schema: schema, createIfMissing: create)
        }
    }

    /// One run at a time per ledger: held until the returned object goes away. `wait` applies to
    /// PostgreSQL (`--wait-for-lock`); an SQLite lock is refused at once.
    func lock(wait: Duration) throws -> LedgerHold {
        switch self {
        case .sqlite(let path): return LedgerHold(lock: try LedgerLock(ledgerPath: path), isHeld: { true }, check: nil)
        case .postgres(let url, let schema):
            let lock = try PostgresLedgerLock(url: url, schema: schema, wait: wait)
            return LedgerHold(lock: lock, isHeld: { lock.isHeld }, check: { lock.verify() })
        }
    }
}

/// A held ledger lock, whatever its kind.
struct LedgerHold: Sendable {
    let lock: any Sendable
    /// False once the lock was lost (a PostgreSQL restart ends the session that held it).
    let isHeld: @Sendable () -> Bool
    /// Asks the server whether the lock is still held (a query; its session may end on its
    /// own); nil when the lock cannot be lost that way (SQLite's file lock).
    let check: (@Sendable () -> Bool)?
}
