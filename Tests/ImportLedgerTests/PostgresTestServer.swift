import Foundation
import ImportLedger
@testable import PostgresLedger
import Testing

/// The PostgreSQL server the tests may use: `PERSONA_IMPORT_TEST_POSTGRES_URL`
/// (`scripts/test.sh` starts a throwaway cluster and sets it). Each test takes a schema of its
/// own, so tests running at once never see each other's rows or locks.
enum PostgresTestServer {
    static let url: String? = {
        let value = ProcessInfo.processInfo.environment["PERSONA_IMPORT_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    /// True when the server was started with TLS (`PERSONA_IMPORT_TEST_POSTGRES_TLS=1`).
    static var offersTLS: Bool { ProcessInfo.processInfo.environment["PERSONA_IMPORT_TEST_POSTGRES_TLS"] == "1" }

    /// True in the run of `scripts/test.sh` that may stop and restart the server
    /// (`PERSONA_IMPORT_TEST_POSTGRES_DISRUPT=1`, with `PERSONA_IMPORT_TEST_POSTGRES_CTL`).
    static var mayDisrupt: Bool {
        let environment = ProcessInfo.processInfo.environment
        return url != nil && environment["PERSONA_IMPORT_TEST_POSTGRES_DISRUPT"] == "1"
            && !(environment["PERSONA_IMPORT_TEST_POSTGRES_CTL"] ?? "").isEmpty
    }

    /// Runs the cluster's pg_ctl (`restart -m immediate`, `stop`, `start`) and waits for it.
    static func control(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PERSONA_IMPORT_TEST_POSTGRES_CTL"] ?? "/bin/false")
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ControlFailed(arguments: arguments) }
    }

    struct ControlFailed: Error { var arguments: [String] }

    /// The URL, or an error that says it is missing (tests that need it are disabled without it).
    static func requireURL() throws -> String {
        guard let url else { throw MissingServer() }
        return url
    }

    /// A schema name no other test uses.
    static func freshSchema() -> String {
        "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
    }

    /// A ledger in a fresh schema.
    static func ledger(schema: String = freshSchema(), retryConnectingFor: Duration = .seconds(5)) throws -> PostgresLedger {
        try PostgresLedger(url: requireURL(), schema: schema, retryConnectingFor: retryConnectingFor)
    }

    /// `url` with its query, user password and sslmode changed.
    static func url(password: String?, sslmode: String? = nil) throws -> String {
        let location = try PostgresLocation(url: requireURL(), environment: [:])
        let user = password.map { "\(location.user):\($0)" } ?? location.user
        return "postgres://\(user)@\(location.host):\(location.port)/\(location.database)"
            + (sslmode.map { "?sslmode=\($0)" } ?? "?sslmode=disable")
    }

    /// The password in the URL (the test cluster's is in it).
    static func password() throws -> String? {
        try PostgresLocation(url: requireURL(), environment: [:]).password
    }

    /// Ends the session that holds `schema`'s run lock from another connection
    /// (`pg_terminate_backend`, as an administrator or `idle_session_timeout` would).
    static func terminateLockSession(schema: String) throws {
        let helper = try ledger()
        let bits = UInt64(bitPattern: LockKey.run(schema))
        let pid = try helper.scalar(
            """
            SELECT pid::text FROM pg_locks WHERE locktype = 'advisory' AND granted
                AND classid::bigint = \(Int64(bits >> 32)) AND objid::bigint = \(Int64(bits & 0xffff_ffff))
            """)
        #expect(try helper.scalar("SELECT pg_terminate_backend(\(try #require(pid)))::text") == "true")
    }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String { "PERSONA_IMPORT_TEST_POSTGRES_URL is not set" }
    }
}
