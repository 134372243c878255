import Foundation
import ImportCore
import ImportLedger
@testable import ImportPipeline
@testable import ImportProtocol
@testable import ImportReporting
import InputReaders
import PersonaClient
import PersonaEmulator
import Testing

/// What a run that died mid-request leaves: the job opened and `records` marked `sending`.
func simulateCrash(_ ledger: any Ledger, path: String, records: [Int], at time: Double = Date().timeIntervalSince1970) throws -> JobRecord {
    let description = try JobIdentity.describe(
        inputPath: path, reader: ReaderOptions(), mappingFile: nil, schemaFile: nil, template: "itmpl_test")
    let job = try ledger.openJob(description, now: time)
    try ledger.markSending(records.map { record in
        SendIntent(
            record: record, line: record + 1, referenceID: "ref-\(record)",
            idempotencyKey: IdempotencyKey.of(job: description.fingerprint, record: record), bodySHA256: "x",
            firstAttemptAt: time)
    }, job: job.id, now: time)
    return job
}

/// Creates an inquiry for `reference` (with `fields`) directly, as another attempt or another
/// tool would have. The client blocks, so it runs on a thread of its own, never on a Swift
/// concurrency thread that the in-process emulator needs.
func createDirectly(port: Int, reference: String, fields: [(key: String, value: String)] = [], key: String) async throws {
    let client = PersonaAPIClient(configuration: try ClientConfiguration(
        base: APIBase("http://127.0.0.1:\(port)/api/v1"), apiKey: EmulatorConfiguration.defaultAPIKey, userAgent: "t", maxConnections: 1))
    defer { client.shutdown() }
    let body = InquiryRequestBody(InquiryDraft(template: .inquiryTemplate("itmpl_test"), referenceID: reference, fields: fields))
    let outcome = await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: client.create(body, idempotencyKey: key).outcome) }.start()
    }
    guard case .created = outcome else { throw RunFailure(.input, "direct create failed: \(outcome)") }
}

/// `persona-import reconcile`'s work against the emulator on `port`, on a thread of its own.
func reconcile(_ ledger: any Ledger, port: Int) async throws -> ReconcileReport {
    let client = PersonaAPIClient(configuration: try ClientConfiguration(
        base: APIBase("http://127.0.0.1:\(port)/api/v1"), apiKey: EmulatorConfiguration.defaultAPIKey, userAgent: "t", maxConnections: 1))
    defer { client.shutdown() }
    return try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result {
                try Reconciliation(
                    ledger: ledger, client: client, control: RunControl(gate: RateGate(limit: 100, period: 1)),
                    logger: .init(label: "test")).run()
            })
        }.start()
    }
}

@Suite struct ExactlyOnceTests {
    @Test func aRowLeftSendingIsLookedUpBeforeItIsResent() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 6)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let job = try simulateCrash(ledger, path: path, records: [2, 3, 4])
            // Row 2's request had created its inquiry (a 5xx after the commit, say); row 3 has
            // two (a person's earlier attempt); row 4 has none.
            try await createDirectly(port: port, reference: "ref-2", key: "earlier-2")
            try await createDirectly(port: port, reference: "ref-3", key: "earlier-3a")
            try await createDirectly(port: port, reference: "ref-3", key: "earlier-3b")
            let summary = try await RunFixture(path: path, port: port, ledger: ledger).run()
            #expect(summary.reconciliations == 3)
            #expect(summary.duplicateFound == 1)
            let rows = try ledger.rows(job: job.id)
            #expect(rows.map(\.state) == [.created, .created, .duplicateFound, .created, .created, .created])
            #expect(rows[3].keyGeneration == 1, "nothing found: sent under a new key")
            #expect(rows[2].inquiryID?.split(separator: ",").count == 2)
            let stats = emulator.stats()
            #expect(stats.inquiriesCreated == 3 + 4, "three made directly, four by the run: none for rows 2 and 3")
            #expect(stats.duplicateReferenceIDs.map(\.referenceID) == ["ref-3"])
        }
    }

    @Test func storedServerErrorsAreGotPastByReconcilingAndANewKey() async throws {
        let emulator = makeEmulator {
            $0.faults.serverErrorStored = 0.3
            $0.seed = 11
        }
        let path = try writeExport(rows: 120)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let summary = try await RunFixture(path: path, port: port, ledger: ledger).run()
            #expect(summary.created == 120)
            #expect(summary.reconciliations > 0)
            let stats = emulator.stats()
            #expect(stats.faults.serverErrorStored > 0)
            #expect(stats.inquiriesCreated == 120)
            #expect(stats.duplicateReferenceIDs.isEmpty)
            #expect(try ledger.rows(job: 1).contains { $0.keyGeneration > 0 })
        }
    }

    @Test func withoutAReferenceIDARowPastTheWindowIsIndeterminateAndNotResent() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 3)
        // Row 2 loses its reference-id.
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "ref-2,", with: ",")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let description = try JobIdentity.describe(inputPath: path, reader: ReaderOptions(), mappingFile: nil, schemaFile: nil, template: "itmpl_test")
            let job = try ledger.openJob(description, now: 0)
            try ledger.markSending(
                [SendIntent(record: 2, line: 3, referenceID: nil, idempotencyKey: "k", bodySHA256: "x", firstAttemptAt: 0)], job: job.id, now: 0)
            var fixture = RunFixture(path: path, port: port, ledger: ledger)
            fixture.options.sending.idempotencyWindow = 60
            let summary = try await fixture.run()
            #expect(summary.indeterminate == 1)
            #expect(summary.withoutReferenceID == 1)
            #expect(try ledger.rows(job: job.id).map(\.state) == [.created, .indeterminate, .created])
            #expect(emulator.stats().inquiriesCreated == 2)
        }
    }

    @Test func anotherNightsExportSkipsPeopleAlreadyImported() async throws {
        let emulator = makeEmulator()
        let monday = try writeExport(rows: 10)
        let tuesday = try writeExport(rows: 15)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            _ = try await RunFixture(path: monday, port: port, ledger: ledger).run()
            let summary = try await RunFixture(path: tuesday, port: port, ledger: ledger).run()
            #expect(summary.alreadyImported == 10)
            #expect(summary.created == 5)
            #expect(emulator.stats().inquiriesCreated == 15)
            #expect(summary.jobComplete)
        }
    }

    @Test func aChangedInputUnderAnUnfinishedJobIsRefusedUntilTheOperatorSays() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 5)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            _ = try simulateCrash(ledger, path: path, records: [1])
            try (try String(contentsOfFile: path, encoding: .utf8) + "ref-99,New,Row,1990-01-01\n").write(toFile: path, atomically: true, encoding: .utf8)
            let refused = try await RunFixture(path: path, port: port, ledger: ledger).run()
            guard case .failed(let failure) = refused.stoppedBy else {
                Issue.record("expected a refusal, got \(String(describing: refused.stoppedBy))")
                return
            }
            #expect(failure.kind == .ledger, "a changed input is the ledger refusing the job")
            let message = failure.message
            #expect(message.contains("changed since job 1"))
            #expect(message.contains("--start-new-job"))
            #expect(emulator.stats().requests == 0)
            var fixture = RunFixture(path: path, port: port, ledger: ledger)
            fixture.options.startNewJob = true
            let summary = try await fixture.run()
            #expect(summary.created == 6)
        }
    }

    @Test func requireReferenceIDRejectsRowsWithoutOne() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 4)
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "ref-3,", with: ",")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try await emulator.withRunning { port in
            var fixture = RunFixture(path: path, port: port, ledger: InMemoryLedger())
            fixture.options.requireReferenceID = true
            let summary = try await fixture.run()
            #expect(summary.rejected == 1)
            #expect(summary.created == 3)
            #expect(summary.firstRejects.first?.reasons.first?.contains("--require-reference-id") == true)
        }
    }
}

@Suite struct CrashPointTests {
    /// A row's steps: intent committed → request sent → Persona commits → answer received →
    /// outcome committed. A crash between any two leaves the row `sending` (or final); the next
    /// run must end with exactly one inquiry whatever the crash point.
    @Test(arguments: ["after the intent", "after Persona committed and stored the key", "after a 5xx that created without storing"])
    func everyCrashPointEndsWithOneInquiry(point: String) async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 2)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let job = try simulateCrash(ledger, path: path, records: [1])
            let key = IdempotencyKey.of(job: job.description.fingerprint, record: 1)
            switch point {
            case "after Persona committed and stored the key":
                // The same body under the same key: the resend (or the lookup) finds it.
                try await createDirectly(port: port, reference: "ref-1", key: key)
            case "after a 5xx that created without storing":
                try await createDirectly(port: port, reference: "ref-1", key: "not-the-rows-key")
            default:
                break
            }
            let summary = try await RunFixture(path: path, port: port, ledger: ledger).run()
            #expect(summary.stoppedBy == nil)
            let stats = emulator.stats()
            #expect(stats.duplicateReferenceIDs.isEmpty, "\(point)")
            #expect(stats.inquiriesCreated == 2)
            #expect(try ledger.rows(job: job.id).allSatisfy { $0.state == .created })
        }
    }
}

@Suite struct ReconcileCommandTests {
    @Test func settlesWhatItCanAndListsTheRestWithoutCreating() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 3)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let job = try simulateCrash(ledger, path: path, records: [1, 2, 3])
            try ledger.markSending(
                [SendIntent(record: 9, line: 10, referenceID: nil, idempotencyKey: "k9", bodySHA256: "x", firstAttemptAt: 0)], job: job.id, now: 0)
            try await createDirectly(port: port, reference: "ref-1", key: "a")
            try await createDirectly(port: port, reference: "ref-2", key: "b")
            try await createDirectly(port: port, reference: "ref-2", key: "c")
            let requestsBefore = emulator.stats().requests
            let report = try await reconcile(ledger, port: port)
            let outcomes = Dictionary(uniqueKeysWithValues: report.decisions.map { ($0.row.record, $0.outcome.description) })
            #expect(outcomes == [1: "created", 2: "duplicate-found", 3: "pending", 9: "needs a person"])
            let stats = emulator.stats()
            #expect(stats.inquiriesCreated == 3, "reconcile creates nothing")
            #expect(stats.requests - requestsBefore == 3, "one lookup per row with a reference-id")
            let rows = try ledger.rows(job: job.id)
            #expect(rows.first { $0.record == 3 }?.keyGeneration == 1, "nothing found: a new key for the next run")
            // The next run sends row 3 under its new key, and nothing else.
            let summary = try await RunFixture(path: path, port: port, ledger: ledger).run()
            #expect(summary.created == 1)
            #expect(emulator.stats().inquiriesCreated == 4)
        }
    }
}
