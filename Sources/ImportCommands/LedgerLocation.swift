import Foundation
import ImportLedger
import ImportProtocol
import PostgresLedger

/// Where a ledger lives: an SQLite file (a path) or a PostgreSQL schema (a `postgres://` URL,
/// from `--ledger` or `PERSONA_IMPORT_LEDGER`). Every command works the same on both.
public enum LedgerLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String, schema: String)

    /// Names the ledger when `--ledger` is not given.
    public static let environmentVariable = "PERSONA_IMPORT_LEDGER"
    /// The PostgreSQL schema that holds the ledger unless `--ledger-schema` names another.
    public static let defaultSchema = "persona_import"
    /// The suffix of a ledger file beside its input.
    public static let fileSuffix = ".ledger.sqlite"

    /// A location as given: a `postgres://` URL or a file path.
    public init(_ location: String, schema: String = defaultSchema) {
        self = PostgresLocation.isURL(location) ? .postgres(url: location, schema: schema) : .sqlite(path: location)
    }

    /// `run`'s ledger: `--ledger`, else `PERSONA_IMPORT_LEDGER`, else beside the input
    /// (`stdin.ledger.sqlite` in the current directory for standard input).
    public static func forRun(option: String?, input: String, schema: String, environment: [String: String]) -> LedgerLocation {
        LedgerLocation(option ?? fromEnvironment(environment) ?? (input == "-" ? "stdin" : input) + fileSuffix, schema: schema)
    }

    /// Where `run -` keeps its copy of standard input: beside an SQLite ledger (the disk the
    /// operator chose for customer data), else the temporary folder.
    var spoolDirectory: String {
        switch self {
        case .sqlite(let path):
            let folder = (path as NSString).deletingLastPathComponent
            return folder.isEmpty ? "." : folder
        case .postgres: return NSTemporaryDirectory()
        }
    }

    /// The ledger a reading command (`status`, `export`, `reconcile`) opens: `--ledger`, else
    /// `PERSONA_IMPORT_LEDGER`, else the one ledger file among `directoryEntries` (the current
    /// directory's names). Several or none is a usage error that says what to pass.
    public static func forReading(
        option: String?, schema: String, environment: [String: String], directoryEntries: [String]
    ) throws(UsageError) -> LedgerLocation {
        if let location = option ?? fromEnvironment(environment) { return LedgerLocation(location, schema: schema) }
        let ledgers = directoryEntries.filter { $0.hasSuffix(fileSuffix) }.sorted()
        guard ledgers.count == 1 else {
            throw UsageError(ledgers.isEmpty
                ? "no *\(fileSuffix) in the current directory; pass --ledger FILE"
                : "several ledgers here (\(ledgers.joined(separator: ", "))); pass --ledger FILE")
        }
        return LedgerLocation(ledgers[0], schema: schema)
    }

    private static func fromEnvironment(_ environment: [String: String]) -> String? {
        environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The location for messages: a URL with its password redacted.
    public var displayName: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url, let schema): PostgresLocation.redact(url) + " (schema \(schema))"
        }
    }

    /// Whether there is a ledger to read (a server is assumed to be there).
    public var exists: Bool {
        switch self {
        case .sqlite(let path): FileManager.default.fileExists(atPath: path)
        case .postgres: true
        }
    }

    /// Opens the ledger; `create: false` (status, export, reconcile) refuses a missing one.
    public func open(create: Bool = true) throws(RunFailure) -> any Ledger {
        do {
            switch self {
            case .sqlite(let path):
                guard create || FileManager.default.fileExists(atPath: path) else {
                    throw RunFailure(.configuration, "\(path): no such ledger; check --ledger (a run creates it beside its input)")
                }
                return try SQLiteLedger(path: path)
            case .postgres(let url, let schema):
                return try PostgresLedger(url: url, schema: schema, createIfMissing: create)
            }
        } catch let error as RunFailure {
            throw error
        } catch let error as LedgerError {
            throw RunFailure(error)
        } catch {
            throw RunFailure(.ledger, "\(error)")
        }
    }

    /// One run at a time per ledger: held until the returned object goes away. `wait` applies to
    /// PostgreSQL (`--wait-for-lock`); an SQLite lock is refused at once.
    public func lock(wait: Duration) throws(RunFailure) -> LedgerHold {
        do throws(LedgerError) {
            switch self {
            case .sqlite(let path): return LedgerHold(lock: try LedgerLock(ledgerPath: path), isHeld: { true }, check: nil)
            case .postgres(let url, let schema):
                let lock = try PostgresLedgerLock(url: url, schema: schema, wait: wait)
                return LedgerHold(lock: lock, isHeld: { lock.isHeld }, check: { lock.verify() })
            }
        } catch {
            throw RunFailure(error)
        }
    }
}

/// A held ledger lock, whatever its kind.
public struct LedgerHold: Sendable {
    let lock: any Sendable
    /// False once the lock was lost (a PostgreSQL restart ends the session that held it).
    public let isHeld: @Sendable () -> Bool
    /// Asks the server whether the lock is still held (a query; its session may end on its
    /// own); nil when the lock cannot be lost that way (SQLite's file lock).
    public let check: (@Sendable () -> Bool)?
}

/// An option or argument that cannot be used (exit 64); the message says what to pass.
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
