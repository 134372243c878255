import Foundation
import ImportLedger
import PostgresNIO

/// An error from PostgresNIO, sorted into what the ledger reports: the server cannot be
/// reached (a run stops sending, connecting again may mend it), the server refused us (a
/// password, a database, TLS: retrying will not help), or a statement failed. The reason is
/// the server's message and SQLSTATE, never a statement's values or the password.
struct PostgresFailure: Error {
    enum Kind: Equatable {
        case unreachable
        case refused
        case io
    }

    var kind: Kind
    var reason: String
    /// A ``LedgerError`` thrown by the ledger's own code inside a transaction, passed through.
    var ledgerError: LedgerError?

    init(_ error: any Error, connecting: Bool) {
        ledgerError = nil
        switch error {
        case let error as LedgerError:
            (kind, reason, ledgerError) = (.io, error.message, error)
        case let error as PSQLError:
            (kind, reason) = Self.classify(error, connecting: connecting)
        case let error as PostgresFailure:
            self = error
        case WaitError.noAnswer(let timeout):
            (kind, reason) = (.unreachable, "no answer from the server within \(PostgresConnector.describe(timeout))")
        case WaitError.calledOnEventLoop:
            (kind, reason) = (.io, "the ledger was called on an event loop thread")
        case let error as PostgresDecodingError:
            (kind, reason) = (.io, "column \(error.columnName) holds a value of an unexpected type (\(error.postgresType))")
        case let error as NIOSSLError:
            (kind, reason) = (.refused, "TLS failed: \(error)")
        default:
            (kind, reason) = (.unreachable, Self.networkReason(error))
        }
    }

    /// The error a ledger method throws; `ledger` names the ledger (password redacted).
    func ledgerError(_ ledger: String) -> LedgerError {
        if let ledgerError { return ledgerError }
        switch kind {
        case .unreachable: return .unreachable(ledger, reason)
        case .refused: return .cannotOpen(ledger, reason)
        case .io: return .io(ledger, reason)
        }
    }

    private static func classify(_ error: PSQLError, connecting: Bool) -> (Kind, String) {
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?????"
            let message = error.serverInfo?[.message] ?? "server error"
            let reason = "\(message) (SQLSTATE \(state))"
            // 08: connection exceptions; 57P01-03: shut down or starting up; 53300: too many connections.
            if state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state) { return (.unreachable, reason) }
            return (connecting ? .refused : .io, reason)
        case .sslUnsupported:
            return (.refused, "the server does not offer TLS, which the URL's sslmode requires")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return (.refused, "TLS could not be set up with the server")
        case .authMechanismRequiresPassword:
            return (.refused, "the server asks for a password and none was found (in the URL, PGPASSWORD or ~/.pgpass)")
        case .unsupportedAuthMechanism:
            return (.refused, "the server asks for an authentication method this client does not support")
        case .saslError:
            return (.refused, "SCRAM authentication failed")
        case .connectionError:
            return (.unreachable, error.underlying.map(networkReason) ?? "cannot connect")
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return (.unreachable, "the connection to the server was lost" + (error.underlying.map { ": " + networkReason($0) } ?? ""))
        case .queryCancelled:
            return (.io, "the statement was cancelled")
        default:
            return (.io, "PostgreSQL client error \(error.code)")
        }
    }

    /// A network error in a few words ("connection refused", "no answer within 10 s").
    private static func networkReason(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first {
                return "\(error.host):\(error.port): \(networkReason(failure.error))"
            }
            if let lookup = error.dnsAError ?? error.dnsAAAAError { return "\(error.host): cannot resolve (\(lookup))" }
            return "\(error.host):\(error.port): cannot connect"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode)).lowercased()
        case let error as ChannelError:
            if case .connectTimeout(let amount) = error { return "no answer within \(amount.nanoseconds / 1_000_000_000) s" }
            return "\(error)"
        default:
            return "\(error)"
        }
    }
}
