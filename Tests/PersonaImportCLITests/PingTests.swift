import Foundation
import Testing

/// `--ping-url`: the dead-man's switch's start and end pings (issue 21).
@Suite(.serialized) struct PingTests {
    @Test func aRunPingsStartAndItsExitCodeWithOneRunID() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 5, prefix: "g", to: dir.appendingPathComponent("people.csv"))
        let server = try PingServer()
        defer { server.stop() }
        let emulator = try EmulatorProcess()
        defer { emulator.stop() }
        let secret = "9b1d2e7c-secret-check"
        let result = try Importer.run(
            ["run", "people.csv", "--template", "itmpl_test", "--api-base", emulator.apiBase, "--ping-url",
             "http://127.0.0.1:\(server.port)/\(secret)"], in: dir, environment: RunCommandTests.environment())
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let targets = server.targets
        #expect(targets.count == 2, "\(targets)")
        let rid = try #require(targets.first?.firstMatch(of: /rid=([0-9a-f-]{36})/)?.1)
        #expect(targets == ["/\(secret)/start?rid=\(rid)", "/\(secret)/0?rid=\(rid)"])
        #expect(!(result.stdout + result.stderr).contains(secret), "the URL is never printed")
    }

    @Test func aFailedSetUpPingsItsExitCodeAndTheEnvironmentGivesTheURL() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 2, prefix: "g", to: dir.appendingPathComponent("people.csv"))
        let server = try PingServer()
        defer { server.stop() }
        var environment = RunCommandTests.environment(key: nil)
        environment["PERSONA_IMPORT_PING_URL"] = "http://127.0.0.1:\(server.port)/check"
        let result = try Importer.run(["run", "people.csv", "--template", "itmpl_test"], in: dir, environment: environment)
        #expect(result.status == 2, "no key: \(result.stderr)")
        #expect(server.targets.map { $0.prefix { $0 != "?" } } == ["/check/start", "/check/2"])
    }

    @Test func anUnreachablePingServerChangesNothingButALogLine() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 3, prefix: "g", to: dir.appendingPathComponent("people.csv"))
        let server = try PingServer()
        let closedPort = server.port
        server.stop()
        let emulator = try EmulatorProcess()
        defer { emulator.stop() }
        let started = Date()
        let result = try Importer.run(
            ["run", "people.csv", "--template", "itmpl_test", "--api-base", emulator.apiBase, "--ping-url",
             "http://127.0.0.1:\(closedPort)/check"], in: dir, environment: RunCommandTests.environment())
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("ping not delivered") && result.stderr.contains("http://127.0.0.1:\(closedPort)/…"))
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(try emulator.stats().inquiriesCreated == 3)
    }

    /// A ping server that takes the connection and never answers costs each ping its 5 s, no more.
    @Test func aPingServerThatHangsDelaysTheRunBySecondsOnly() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunCommandTests.writePeople(rows: 3, prefix: "h", to: dir.appendingPathComponent("people.csv"))
        let server = try PingServer(answers: false)
        defer { server.stop() }
        let emulator = try EmulatorProcess()
        defer { emulator.stop() }
        let started = Date()
        let result = try Importer.run(
            ["run", "people.csv", "--template", "itmpl_test", "--api-base", emulator.apiBase, "--ping-url",
             "http://127.0.0.1:\(server.port)/check"], in: dir, environment: RunCommandTests.environment())
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("no answer in time"), "\(result.stderr)")
        #expect(seconds >= 9 && seconds < 60, "two pings of at most 5 s each: \(seconds) s")
        #expect(server.targets.count == 2)
    }

    @Test func aPlainHTTPPingURLBeyondLoopbackIsRefused() throws {
        let result = try Importer.run(
            ["run", "people.csv", "--template", "itmpl_test", "--ping-url", "http://hc-ping.example/abc"],
            environment: RunCommandTests.environment())
        #expect(result.status == 64 && result.stderr.contains("--ping-url must be https"), "\(result.stderr)")
    }
}
