import Foundation
@testable import PostgresLedger
import Testing

/// The server `scripts/test.sh` starts for the ledger tests (`PERSONA_IMPORT_TEST_POSTGRES_URL`).
enum PostgresForCLI {
    static let url: String? = {
        let value = ProcessInfo.processInfo.environment["PERSONA_IMPORT_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    static var mayDisrupt: Bool {
        let environment = ProcessInfo.processInfo.environment
        return url != nil && environment["PERSONA_IMPORT_TEST_POSTGRES_DISRUPT"] == "1"
            && !(environment["PERSONA_IMPORT_TEST_POSTGRES_CTL"] ?? "").isEmpty
    }

    /// The password in the URL, if it has one (`postgres://user:password@…`).
    static var password: String? {
        guard let url, let match = url.firstMatch(of: /^postgres(?:ql)?:\/\/[^:@\/]+:([^@\/]+)@/) else { return nil }
        return String(match.1)
    }

    static func freshSchema() -> String {
        "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
    }

    /// `--ledger URL --ledger-schema SCHEMA`.
    static func ledger(_ schema: String) -> [String] {
        ["--ledger", url ?? "", "--ledger-schema", schema]
    }
}

/// `run`, `status` and `export` with the ledger in PostgreSQL: the same promise as with SQLite.
@Suite(.serialized, .enabled(if: PostgresForCLI.url != nil, "PERSONA_IMPORT_TEST_POSTGRES_URL is not set: no PostgreSQL server"))
struct PostgresRunTests {
    @Test func aRunAndItsRerunWithTheLedgerInPostgreSQL() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s", "--fault-5xx", "0.1", "--drop-after-commit", "0.1", "--seed", "4"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 200, prefix: "pg", to: dir.appendingPathComponent("people.csv"))
        let schema = PostgresForCLI.freshSchema()
        let arguments = ["run", "people.csv", "--template", "itmpl_test"] + PostgresForCLI.ledger(schema) + RunCommandTests.sending(to: emulator)
        let first = try Importer.run(arguments, in: dir, environment: RunCommandTests.environment())
        #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
        #expect(first.stdout.contains("200 created"), "\(first.stdout)")
        if let password = PostgresForCLI.password {
            #expect(!first.stdout.contains(password) && !first.stderr.contains(password), "the password is never printed")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("people.csv.ledger.sqlite").path))

        let again = try Importer.run(arguments, in: dir, environment: RunCommandTests.environment())
        #expect(again.status == 0)
        #expect(again.stdout.contains("nothing left to do"), "\(again.stdout)")
        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == 200)
        #expect(stats.duplicateReferenceIDs.isEmpty)

        let status = try Importer.run(["status", "--json"] + PostgresForCLI.ledger(schema), in: dir, environment: RunCommandTests.environment())
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("\"created\":200"), "\(status.stdout)")
        let export = try Importer.run(["export"] + PostgresForCLI.ledger(schema), in: dir, environment: RunCommandTests.environment())
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.split(separator: "\n").count == 201)
    }

    @Test func twoImportersStartedAtOnceOnOneJobCreateEachRowOnce() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "400/1s"])
        defer { emulator.stop() }
        let schema = PostgresForCLI.freshSchema()
        var folders: [URL] = []
        defer { folders.forEach { try? FileManager.default.removeItem(at: $0) } }
        var importers: [RunningImporter] = []
        for _ in 0..<2 {
            let dir = try makeTemporaryDirectory()
            folders.append(dir)
            try RunCommandTests.writePeople(rows: 300, prefix: "twin", to: dir.appendingPathComponent("people.csv"))
            importers.append(try Importer.start(
                ["run", "people.csv", "--template", "itmpl_test", "--rate-limit", "400/1s", "--api-base", emulator.apiBase]
                    + PostgresForCLI.ledger(schema),
                in: dir, environment: RunCommandTests.environment()))
        }
        let results = importers.map { $0.wait() }
        let refused = results.filter { $0.status == 2 && $0.stderr.contains("another persona-import run is using this ledger") }
        let finished = results.filter { $0.status == 0 }
        #expect(refused.count == 1, "one run refuses at once: \(results.map { "\($0.status) \($0.stderr.prefix(300))" })")
        #expect(finished.count == 1)
        // The refused one, run again, has nothing left to do.
        let rerun = try Importer.run(
            ["run", "people.csv", "--template", "itmpl_test", "--api-base", emulator.apiBase] + PostgresForCLI.ledger(schema),
            in: folders[0], environment: RunCommandTests.environment())
        #expect(rerun.status == 0, "\(rerun.stdout) \(rerun.stderr)")
        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == 300)
        #expect(stats.duplicateReferenceIDs.isEmpty)
    }
}

/// The run's lock session ended under it (`pg_terminate_backend`; `idle_session_timeout` or a
/// proxy closing idle connections do the same): the run stops sending within seconds with exit
/// 2, and the rerun finishes the job without sending a row twice.
@Suite(.serialized, .enabled(if: PostgresForCLI.url != nil, "PERSONA_IMPORT_TEST_POSTGRES_URL is not set: no PostgreSQL server"))
struct PostgresLockLostTests {
    @Test func aRunWhoseLockSessionEndsStopsWithExit2AndTheRerunFinishesTheJob() throws {
        let url = try #require(PostgresForCLI.url)
        // 20 a second, told in the emulator's rate-limit headers: about 20 s to send them all.
        let emulator = try EmulatorProcess(["--rate-limit", "20/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = 400
        try RunCommandTests.writePeople(rows: rows, prefix: "lost", to: dir.appendingPathComponent("people.csv"))
        let schema = PostgresForCLI.freshSchema()
        let arguments = ["run", "people.csv", "--template", "itmpl_test", "--rate-limit", "20/1s", "--api-base", emulator.apiBase]
            + PostgresForCLI.ledger(schema)
        let running = try Importer.start(arguments, in: dir, environment: RunCommandTests.environment())
        let deadline = Date().addingTimeInterval(60)
        while try emulator.stats().inquiriesCreated < 40, running.isRunning, Date() < deadline { usleep(50_000) }
        try #require(running.isRunning, "the run ended before its lock could be taken from it")

        let helper = try PostgresLedger(url: url, schema: PostgresForCLI.freshSchema())
        let terminated = try helper.scalar(
            """
            SELECT count(pg_terminate_backend(pid))::text FROM pg_stat_activity
            WHERE application_name LIKE 'persona-import lock pid \(running.pid) %'
            """)
        #expect(terminated == "1", "the run's lock session, found by its application_name")

        let first = running.wait()
        let sent = try emulator.stats().inquiriesCreated
        #expect(first.status == 2, "\(first.stdout) \(first.stderr.prefix(600))")
        #expect(first.stderr.contains("the ledger's lock was lost"), "\(first.stderr.prefix(600))")
        #expect(first.stderr.contains("run the same command again"), "\(first.stderr.prefix(600))")
        #expect(first.stdout.contains("to resume, run the same command again"), "\(first.stdout)")
        #expect(sent <= rows - 200, "stopped well before the end (10 s of sending or more left): \(sent) of \(rows) sent")
        #expect(first.stdout.contains("not sent"), "\(first.stdout)")

        let again = try Importer.run(arguments, in: dir, environment: RunCommandTests.environment())
        #expect(again.status == 0, "\(again.stdout) \(again.stderr.prefix(600))")
        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == rows)
        #expect(stats.duplicateReferenceIDs.isEmpty)
    }
}

/// PostgreSQL restarted under a run (`pg_ctl restart -m immediate`): the run keeps what is
/// committed; whatever it does then, a rerun loses and duplicates nothing. Run alone by
/// `scripts/test.sh` after the other tests, since it restarts the shared server.
@Suite(.serialized, .enabled(if: PostgresForCLI.mayDisrupt, "they restart the PostgreSQL server: scripts/test.sh runs them alone, after the rest"))
struct PostgresRestartRunTests {
    @Test func aRestartMidRunThenAResumeLosesAndDuplicatesNothing() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "150/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 600, prefix: "restart", to: dir.appendingPathComponent("people.csv"))
        let schema = PostgresForCLI.freshSchema()
        let arguments = ["run", "people.csv", "--template", "itmpl_test", "--rate-limit", "150/1s", "--api-base", emulator.apiBase]
            + PostgresForCLI.ledger(schema)
        let running = try Importer.start(arguments, in: dir, environment: RunCommandTests.environment())
        var waited = 0
        while try emulator.stats().inquiriesCreated < 100, waited < 300 {
            usleep(50_000)
            waited += 1
        }
        let control = Process()
        control.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PERSONA_IMPORT_TEST_POSTGRES_CTL"] ?? "/bin/false")
        control.arguments = ["restart", "-m", "immediate"]
        control.standardOutput = FileHandle.nullDevice
        control.standardError = FileHandle.nullDevice
        try control.run()
        control.waitUntilExit()
        #expect(control.terminationStatus == 0)
        let first = running.wait()
        // The run either waited the outage out (exit 0) or stopped because its lock went with
        // the old session (exit 2); it never crashes.
        #expect([0, 2].contains(first.status), "\(first.stdout) \(first.stderr.prefix(600))")
        for _ in 0..<3 {
            let again = try Importer.run(arguments, in: dir, environment: RunCommandTests.environment())
            if again.status == 0 { break }
        }
        let stats = try emulator.stats()
        #expect(stats.inquiriesCreated == 600)
        #expect(stats.duplicateReferenceIDs.isEmpty)
    }
}
