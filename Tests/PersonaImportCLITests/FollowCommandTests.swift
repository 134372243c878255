import Foundation
import ImportLedger
import Testing

/// `persona-import follow` end to end: a run creates inquiries, the emulator moves some of
/// them on (simulate actions), `follow` reads their statuses in batches of 100 into the ledger,
/// and `status` shows the funnel.
@Suite struct FollowCommandTests {
    @Test func followReadsStatusesInBatchesUntilFinal() throws {
        let emulator = try EmulatorProcess(["--rate-limit", "1000000/1s"])
        defer { emulator.stop() }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = 150
        try RunCommandTests.writePeople(rows: rows, prefix: "fw", to: dir.appendingPathComponent("people.csv"))
        let environment = RunCommandTests.environment()
        let run = try Importer.run(
            ["run", "people.csv", "--template", RunCommandTests.template] + RunCommandTests.sending(to: emulator),
            in: dir, environment: environment)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let api = ["--api-base", emulator.apiBase]

        // Before anything moved: every inquiry read once (2 requests for 150), none final. A
        // night's run holding the ledger's lock does not keep follow out: it writes no row.
        let lock = try LedgerLock(ledgerPath: dir.appendingPathComponent("people.csv.ledger.sqlite").path)
        let first = try Importer.run(["follow"] + api, in: dir, environment: environment)
        withExtendedLifetime(lock) {}
        #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
        #expect(first.stdout.contains("followed 150 inquiries in 2 requests: 150 changed"), "\(first.stdout)")
        #expect(first.stdout.contains("inquiries: 150 created"), "\(first.stdout)")

        // Approve three, decline one, start one.
        let ids = try Self.inquiryIDs(dir: dir, environment: environment)
        let headers = ["Authorization": "Bearer \(EmulatorProcess.defaultKey)"]
        func simulate(_ id: String, _ actions: [String]) throws {
            let body = #"{"meta":{"simulate-actions":["# + actions.map { #"{"type":"\#($0)"}"# }.joined(separator: ",") + "]}}"
            let answer = try LoopbackHTTP.post(port: emulator.port, path: "/api/v1/inquiries/\(id)/perform-simulate-actions", headers: headers, json: body)
            #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
        }
        for id in ids.prefix(3) { try simulate(id, ["complete_inquiry", "approve_inquiry"]) }
        try simulate(ids[3], ["complete_inquiry", "decline_inquiry"])
        try simulate(ids[4], ["start_inquiry"])

        let second = try Importer.run(["follow"] + api, in: dir, environment: environment)
        #expect(second.stdout.contains("followed 150 inquiries in 2 requests: 5 changed"), "\(second.stdout)")
        #expect(second.stdout.contains("inquiries: 145 created, 1 pending, 3 approved, 1 declined"), "\(second.stdout)")

        // Final statuses are not asked for again.
        let third = try Importer.run(["follow", "--metrics-file", "follow.prom"] + api, in: dir, environment: environment)
        #expect(third.stdout.contains("followed 146 inquiries in 2 requests: 0 changed"), "\(third.stdout)")
        let metrics = try String(contentsOf: dir.appendingPathComponent("follow.prom"), encoding: .utf8)
        #expect(metrics.contains(#"persona_import_inquiries{status="approved"} 3"#), "\(metrics)")
        #expect(metrics.contains(#"persona_import_inquiries{status="created"} 145"#), "\(metrics)")
        #expect(metrics.contains("persona_import_last_follow_timestamp_seconds "), "\(metrics)")

        let status = try Importer.run(["status"], in: dir, environment: environment)
        #expect(status.stdout.contains("inquiries: 145 created, 1 pending, 3 approved, 1 declined"), "\(status.stdout)")
        let json = try Importer.run(["status", "--json"], in: dir, environment: environment)
        #expect(json.stdout.contains(#""inquiry-statuses":{"approved":3,"created":145,"declined":1,"pending":1}"#), "\(json.stdout)")
    }

    /// The created rows' inquiry ids in line order, from `export`.
    static func inquiryIDs(dir: URL, environment: [String: String]) throws -> [String] {
        let export = try Importer.run(["export", "--state", "created"], in: dir, environment: environment)
        return export.stdout.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: ",", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init)
        }.filter { $0.hasPrefix("inq_") }
    }
}
