import Foundation
import ImportLedger
import Locking
import PostgresNIO

/// The ledger in a PostgreSQL database, for hosts without a disk of their own and runs spread
/// over several hosts: the same tables and the same semantics as ``SQLiteLedger``, in a schema
/// of its own (`persona_import` unless told otherwise), created on first use and migrated by
/// version.
///
/// One connection is the one serial writer; every method is one transaction, committed with
/// `synchronous_commit = on`, so what it wrote is durable when it returns. The methods block
/// the calling (Dispatch) thread while PostgresNIO works on its event loop; see
/// `PostgresConnector`.
///
/// When the connection is lost, the method that finds out throws a ``LedgerError`` whose
/// ``LedgerError/isUnreachable`` is true (a run stops sending); a later call connects again,
/// trying for what is left of `retryConnectingFor` from the loss, then once per call.
public final class PostgresLedger: Ledger, @unchecked Sendable {
    // @unchecked: `connection` and `reconnectDeadline` are guarded by `lock`, which also keeps
    // transactions one at a time; everything else is immutable.

    /// Where the ledger is, password kept out of messages.
    public let location: PostgresLocation
    /// The schema that holds the ledger's tables.
    public let schemaName: String
    /// The URL with its password replaced by `***`, for messages.
    public var redactedURL: String { location.redactedURL }

    /// The ledger in messages: `postgres://user:***@host:5432/db (schema persona_import)`.
    let name: String
    let sql: LedgerSQL
    let connector: PostgresConnector
    private let retryConnectingFor: Duration
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private var reconnectDeadline: ContinuousClock.Instant?

    /// Opens the ledger at `url` (`postgres://user[:password]@host[:port]/db?sslmode=…`).
    ///
    /// - Parameters:
    ///   - schema: The schema that holds the tables; created with them on first use.
    ///   - retryConnectingFor: How long to keep trying while the server cannot be reached (at
    ///     start, and after a lost connection); a refused password or a missing database fails at once.
    ///   - answerTimeout: How long one statement may go unanswered before the connection is
    ///     taken for lost.
    ///   - createIfMissing: False for commands that only read (`status`, `export`): a schema
    ///     that does not exist yet is then an error instead of being created.
    ///   - environment: Supplies `PGPASSWORD`, `PGPASSFILE`, `PGUSER` and `HOME`.
    /// - Throws: ``LedgerError``: unreachable, refused, or a schema newer than this build.
    public convenience init(
        url: String, schema: String = "persona_import", retryConnectingFor: Duration = .seconds(30),
        answerTimeout: Duration = .seconds(120), createIfMissing: Bool = true,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LedgerError) {
        try self.init(
            location: PostgresLocation(url: url, environment: environment), schema: schema, retryConnectingFor: retryConnectingFor,
            answerTimeout: answerTimeout, createIfMissing: createIfMissing)
    }

    /// Opens the ledger at `location`; see ``init(url:schema:retryConnectingFor:answerTimeout:createIfMissing:environment:)``.
    public init(
        location: PostgresLocation, schema: String = "persona_import", retryConnectingFor: Duration = .seconds(30),
        answerTimeout: Duration = .seconds(120), createIfMissing: Bool = true
    ) throws(LedgerError) {
        guard let sql = LedgerSQL(schema: schema) else {
            throw .cannotOpen(location.redactedURL, "schema name \(schema): use letters, digits and _ (at most 63, not starting with a digit)")
        }
        self.location = location
        self.schemaName = schema
        self.sql = sql
        self.name = "\(location.redactedURL) (schema \(schema))"
        self.retryConnectingFor = retryConnectingFor
        connector = try PostgresConnector(
            location: location, ledgerName: name, applicationName: "persona-import ledger " + ProcessIdentity.current,
            answerTimeout: answerTimeout)
        connection = try connector.connect(retryingFor: retryConnectingFor)
        try migrate(createIfMissing: createIfMissing)
    }

    deinit {
        connection?.closeInBackground()
    }

    /// The schema version this build writes.
    public static var currentSchemaVersion: Int { schemaVersion }

    // MARK: Transactions

    enum TransactionKind {
        /// Several statements that must see one snapshot.
        case read
        /// Statements that commit together.
        case write
        /// One statement, its own transaction.
        case single
    }

    /// Runs `body` as one transaction on the ledger's connection, one at a time.
    func transaction<T>(_ kind: TransactionKind, _ body: (PostgresConnection) throws -> T) throws(LedgerError) -> T {
        lock.lock()
        defer { lock.unlock() }
        let connection = try usableConnection()
        do {
            switch kind {
            case .read: _ = try connector.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", on: connection)
            case .write: _ = try connector.run("BEGIN", on: connection)
            case .single: break
            }
            let value = try body(connection)
            if kind != .single { _ = try connector.run("COMMIT", on: connection) }
            return value
        } catch {
            var failure = PostgresFailure(error, connecting: false)
            if failure.kind == .unreachable || connection.isClosed {
                lose(connection)
                if failure.kind != .unreachable { (failure.kind, failure.reason) = (.unreachable, "the connection to the server was lost") }
            } else if kind != .single {
                _ = try? connector.run("ROLLBACK", on: connection)
            }
            throw failure.ledgerError(name)
        }
    }

    /// The open connection; after a loss, a new one. Called with `lock` held.
    private func usableConnection() throws(LedgerError) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        if let connection {
            // Lost between two calls: this call reports it, so a run stops sending.
            lose(connection)
            throw .unreachable(name, "the connection to the server was lost")
        }
        let clock = ContinuousClock()
        let left = reconnectDeadline.map { $0 - clock.now } ?? .zero
        let fresh = try connector.connect(retryingFor: max(left, .zero))
        connection = fresh
        reconnectDeadline = nil
        return fresh
    }

    private func lose(_ lost: PostgresConnection) {
        lost.closeInBackground()
        connection = nil
        reconnectDeadline = ContinuousClock().now + retryConnectingFor
    }

    /// Runs one statement as its own transaction and returns the first column of its first row
    /// as text (tests and diagnostics).
    func scalar(_ statement: String) throws(LedgerError) -> String? {
        try transaction(.single) { connection in
            try connector.run(PostgresQuery(unsafeSQL: statement), on: connection).rows.first.flatMap { try $0.decode(String?.self) }
        }
    }

    /// Runs `query`, turning each row into a value as it arrives (no second copy of a large result).
    func collect<T: Sendable>(
        _ query: PostgresQuery, on connection: PostgresConnection, _ transform: @escaping @Sendable (PostgresRow) throws -> T
    ) throws -> [T] {
        let collected = Locked<[T]>([])
        try connector.forEachRow(query, on: connection) { row in let value = try transform(row); collected.withLock { $0.append(value) } }
        return collected.withLock { $0 }
    }
}
