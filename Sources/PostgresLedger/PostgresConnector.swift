import Foundation
import ImportLedger
import Locking
import Logging
import PostgresNIO

/// Opens PostgreSQL connections for a ledger or its lock, on NIO's shared event loop group, and
/// waits for their answers on the calling thread.
///
/// The ledger's methods are synchronous and are called from Dispatch threads, so the bridge is
/// PostgresNIO's `EventLoopFuture` API: a query is started on the connection's event loop and
/// the calling thread blocks on a semaphore until the future completes (or `answerTimeout`
/// passes, which closes the connection). Nothing ever blocks an event loop; a call made on one
/// is refused.
struct PostgresConnector: Sendable {
    let location: PostgresLocation
    /// The ledger in messages (password redacted).
    let ledgerName: String
    /// How long a query may go unanswered before the connection is taken for lost.
    let answerTimeout: Duration
    private let configuration: PostgresConnection.Configuration

    /// PostgresNIO logs nothing of ours: its trace level would show statements and values.
    static let quietLogger = Logger(label: "persona-import.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(location: PostgresLocation, ledgerName: String, applicationName: String, answerTimeout: Duration) throws(LedgerError) {
        self.location = location
        self.ledgerName = ledgerName
        self.answerTimeout = answerTimeout
        let tls: PostgresConnection.Configuration.TLS
        if location.tlsMode == .disable {
            tls = .disable
        } else {
            var settings = TLSConfiguration.makeClientConfiguration()
            switch location.tlsMode {
            case .disable, .prefer, .require: settings.certificateVerification = .none
            case .verifyCA: settings.certificateVerification = .noHostnameVerification
            case .verifyFull: settings.certificateVerification = .fullVerification
            }
            if let roots = location.rootCertificatePath { settings.trustRoots = .file(roots) }
            let context: NIOSSLContext
            do {
                context = try NIOSSLContext(configuration: settings)
            } catch {
                throw .cannotOpen(ledgerName, "cannot set up TLS: \(error)")
            }
            tls = location.tlsMode == .prefer ? .prefer(context) : .require(context)
        }
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls)
        configuration.options.connectTimeout = Self.timeAmount(location.connectTimeout)
        configuration.options.additionalStartupParameters = [
            ("application_name", String(applicationName.utf8.prefix(63)) ?? "persona-import"),
            // A commit is durable when it returns, whatever the database's default says.
            ("synchronous_commit", "on"),
        ]
        self.configuration = configuration
    }

    /// One connection attempt.
    func connect() throws(LedgerError) -> PostgresConnection {
        switch attempt() {
        case .success(let connection): return connection
        case .failure(let failure): throw failure.ledgerError(ledgerName)
        }
    }

    /// Connects, trying again while the server cannot be reached until `duration` has passed.
    /// What retrying cannot mend (a refused password, a missing database) is thrown at once.
    func connect(retryingFor duration: Duration) throws(LedgerError) -> PostgresConnection {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        var pause = Duration.milliseconds(200)
        while true {
            switch attempt() {
            case .success(let connection):
                return connection
            case .failure(let failure) where failure.kind == .unreachable && clock.now + pause < deadline:
                Thread.sleep(forTimeInterval: Self.seconds(pause))
                pause = min(pause * 2, .seconds(2))
            case .failure(var failure):
                if failure.kind == .unreachable, duration > .zero { failure.reason += ", still after trying for \(Self.describe(duration))" }
                throw failure.ledgerError(ledgerName)
            }
        }
    }

    private func attempt() -> Result<PostgresConnection, PostgresFailure> {
        let future = PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
            id: Int.random(in: 1...Int(Int32.max)), logger: Self.quietLogger)
        do {
            return .success(try Self.wait(for: future, timeout: location.connectTimeout + .seconds(5)) {
                // A connection that arrives after all is closed, not dropped open.
                future.whenSuccess { $0.closeInBackground() }
            })
        } catch {
            return .failure(PostgresFailure(error, connecting: true))
        }
    }

    /// Runs `query` and collects its rows; `timeout` replaces `answerTimeout` for this query.
    func run(_ query: PostgresQuery, on connection: PostgresConnection, timeout: Duration? = nil) throws -> PostgresQueryResult {
        try Self.wait(for: connection.query(query, logger: Self.quietLogger), timeout: timeout ?? answerTimeout) {
            connection.closeInBackground()
        }
    }

    /// Runs `query`, handing each row to `body` on the event loop as it arrives.
    func forEachRow(
        _ query: PostgresQuery, on connection: PostgresConnection, _ body: @escaping @Sendable (PostgresRow) throws -> Void
    ) throws {
        _ = try Self.wait(for: connection.query(query, logger: Self.quietLogger, body), timeout: answerTimeout) {
            connection.closeInBackground()
        }
    }

    /// Blocks the calling thread (never an event loop) until `future` completes; after
    /// `timeout`, calls `onTimeout` (which closes the connection) and throws.
    static func wait<Value: Sendable>(
        for future: EventLoopFuture<Value>, timeout: Duration, onTimeout: @Sendable () -> Void
    ) throws -> Value {
        guard MultiThreadedEventLoopGroup.currentEventLoop == nil else { throw WaitError.calledOnEventLoop }
        let outcome = Locked<Result<Value, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        future.whenComplete { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        if done.wait(timeout: .now() + .nanoseconds(Int(clamping: nanoseconds(timeout)))) == .timedOut {
            onTimeout()
            throw WaitError.noAnswer(timeout)
        }
        guard let result = outcome.withLock({ $0 }) else { throw WaitError.noAnswer(timeout) }
        return try result.get()
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(nanoseconds(duration))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).overflow
            ? .max : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(nanoseconds(duration)) / 1e9
    }

    /// `30 s`, `1.5 s`.
    static func describe(_ duration: Duration) -> String {
        let value = seconds(duration)
        return value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}

extension PostgresConnection {
    /// Closes the connection without waiting, keeping it alive until it is closed (PostgresNIO
    /// requires a connection to be closed before it goes away).
    func closeInBackground() {
        close().whenComplete { _ in withExtendedLifetime(self) {} }
    }
}

/// Why a wait for the server ended without an answer.
enum WaitError: Error {
    /// The ledger was called on an event loop thread, which must never block.
    case calledOnEventLoop
    /// No answer came within the time allowed; the connection was closed.
    case noAnswer(Duration)
}
