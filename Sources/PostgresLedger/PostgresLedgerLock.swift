import Foundation
import ImportLedger
import Locking
import PostgresNIO

/// One run at a time per PostgreSQL ledger, across hosts: a session-level advisory lock keyed
/// on the schema name, held on a connection of its own for as long as this object lives.
/// PostgreSQL releases it when that connection ends, so a holder that dies or loses the
/// network never leaves a stale lock. The connection's `application_name` says who holds it
/// (`persona-import lock pid 4242 on host-a`), for the message a second run prints.
public final class PostgresLedgerLock: Sendable {

    /// The ledger's URL with its password replaced by `***`.
    public let redactedURL: String
    /// The schema whose ledger the lock guards.
    public let schemaName: String
    private let name: String
    private let key: Int64
    private let connector: PostgresConnector
    private let connection: PostgresConnection
    private let released = Locked(false)

    /// Takes the lock for the ledger at `url`; see ``init(location:schema:wait:retryConnectingFor:)``.
    public convenience init(
        url: String, schema: String = "persona_import", wait: Duration = .zero, retryConnectingFor: Duration = .seconds(30),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LedgerError) {
        try self.init(
            location: PostgresLocation(url: url, environment: environment), schema: schema, wait: wait,
            retryConnectingFor: retryConnectingFor)
    }

    /// Takes the lock for the ledger in `schema` at `location`.
    ///
    /// - Parameters:
    ///   - wait: How long to wait while another run holds it (`--wait-for-lock`); zero refuses
    ///     at once. When it is still held, throws a ``LedgerError`` (``LedgerError/isLocked``)
    ///     naming the holder: pid, host and since when.
    ///   - retryConnectingFor: How long to keep trying while the server cannot be reached.
    public init(location: PostgresLocation, schema: String = "persona_import", wait: Duration = .zero, retryConnectingFor: Duration = .seconds(30))
        throws(LedgerError)
    {
        guard LedgerSQL(schema: schema) != nil else {
            throw .cannotOpen(location.redactedURL, "schema name \(schema): use letters, digits and _ (at most 63, not starting with a digit)")
        }
        redactedURL = location.redactedURL
        schemaName = schema
        name = "\(location.redactedURL) (schema \(schema))"
        key = LockKey.run(schema)
        connector = try PostgresConnector(
            location: location, ledgerName: name, applicationName: "persona-import lock " + ProcessIdentity.current,
            answerTimeout: .seconds(60))
        connection = try connector.connect(retryingFor: retryConnectingFor)
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        do {
            while try !tryLock() {
                let left = deadline - clock.now
                guard left > .zero else {
                    let holder = (try? describeHolder()) ?? "another session"
                    release()
                    throw LedgerError.locked(name, holder: holder)
                }
                Thread.sleep(forTimeInterval: PostgresConnector.seconds(min(left, .milliseconds(500))))
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            release()
            throw PostgresFailure(error, connecting: false).ledgerError(name)
        }
    }

    deinit {
        release()
    }

    /// False once the lock's connection has ended (the server restarted, the network dropped):
    /// PostgreSQL has then released the lock and another run may take it, so this one must stop.
    /// It knows only what the connection has noticed; ``verify(timeout:)`` asks the server.
    public var isHeld: Bool {
        !released.withLock { $0 } && !connection.isClosed
    }

    /// Asks the server whether this session still holds the lock: one query on the lock's own
    /// connection, against `pg_locks` for `pg_backend_pid()`. It finds a session that ended
    /// quietly (`idle_session_timeout`, `pg_terminate_backend`, a proxy that closes idle
    /// connections), which ``isHeld`` may not learn of until a query is tried.
    ///
    /// False when the session has ended, once released, or when no answer comes within
    /// `timeout`: a hung connection counts as lost, and is closed, which lets go of the lock for
    /// good. Blocks the calling thread for at most `timeout` (never call it on an event loop).
    public func verify(timeout: Duration = .seconds(5)) -> Bool {
        guard isHeld else { return false }
        do {
            let result = try connector.run(
                "SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = pg_backend_pid() AND \(unescaped: grantedLockCondition))",
                on: connection, timeout: timeout)
            return try result.rows.first?.decode(Bool.self) ?? false
        } catch {
            return false
        }
    }

    /// Releases the lock and closes its connection (also done when the object goes away).
    public func release() {
        let first = released.withLock { released in
            defer { released = true }
            return !released
        }
        guard first, !connection.isClosed else { return }
        let mayWait = MultiThreadedEventLoopGroup.currentEventLoop == nil
        // Unlocked before the connection goes, so the next run finds it free on return.
        if mayWait { _ = try? connector.run("SELECT pg_advisory_unlock(\(key))", on: connection) }
        connection.closeInBackground()
        if mayWait { _ = try? PostgresConnector.wait(for: connection.closeFuture, timeout: .seconds(5)) {} }
    }

    private func tryLock() throws -> Bool {
        let result = try connector.run("SELECT pg_try_advisory_lock(\(key))", on: connection)
        return try result.rows.first?.decode(Bool.self) ?? false
    }

    /// The granted advisory lock on `key` in this database, as a condition on `pg_locks l`
    /// (a 64-bit key is stored in two halves; `objsubid` 1 marks a bigint key).
    private var grantedLockCondition: String {
        let bits = UInt64(bitPattern: key)
        return """
            l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.classid::bigint = \(Int64(bits >> 32)) AND l.objid::bigint = \(Int64(bits & 0xffff_ffff))
            """
    }

    /// `pid 4242 on host-a, since 2026-11-30T02:00:04Z`, from the holder's session.
    private func describeHolder() throws -> String {
        let result = try connector.run(
            """
            SELECT a.application_name, l.pid, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                host(a.client_addr)
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE \(unescaped: grantedLockCondition)
            LIMIT 1
            """, on: connection)
        guard let row = result.rows.first else { return "another session, which has just let go: try again" }
        let (application, pid, since, client) = try row.decode((String?, Int?, String?, String?).self)
        let start = since.map { ", since \($0)" } ?? ""
        if let application, application.hasPrefix("persona-import lock ") {
            return String(application.dropFirst("persona-import lock ".count)) + start
        }
        let from = client.map { " from \($0)" } ?? ""
        return "PostgreSQL session \(pid.map(String.init) ?? "?")\(from)\(start)"
    }
}
