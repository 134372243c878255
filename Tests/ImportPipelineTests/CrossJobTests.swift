import Foundation
import ImportCore
import ImportLedger
@testable import ImportPipeline
@testable import ImportProtocol
@testable import ImportReporting
import InputReaders
import PersonaClient
import PersonaEmulator
import RecordMapping
import Testing

/// The body the pipeline sends for the first record of `path` (header mode, `itmpl_test`).
func firstBody(of path: String) throws -> InquiryRequestBody {
    let reader = try makeRecordReader(path: path, options: ReaderOptions())
    let mapper = RecordMapper(configuration: try MappingConfiguration.headerMode(template: "itmpl_test"))
    guard case .record(let record)? = try reader.next(), case .valid(let valid) = mapper.map(record) else {
        throw RunFailure(.input, "the first record of \(path) does not map")
    }
    return InquiryRequestBody(valid.draft)
}

/// A one-row export whose row has no reference-id, and its job.
func oneRowWithoutAReferenceID() throws -> (path: String, job: JobDescription) {
    let path = try writeExport(rows: 1)
    let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "ref-1,", with: ",")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return (path, try JobIdentity.describe(inputPath: path, reader: ReaderOptions(), mappingFile: nil, schemaFile: nil, template: "itmpl_test"))
}

/// The fields the header-mode test exports send for a row (see `writeExport`).
func exportFields(_ row: Int) -> [(key: String, value: String)] {
    [("name-first", "First\(row)"), ("name-last", "Last"), ("birthdate", "1990-01-01")]
}

/// A person's history across jobs of one ledger (issue 14): a row an earlier night left in
/// flight is settled before anyone sends for that person again.
@Suite struct CrossJobTests {
    @Test func aPersonLeftInFlightByLastNightIsLookedUpAndSettledNotSentTwice() async throws {
        let emulator = makeEmulator()
        let monday = try writeExport(rows: 4)
        let tuesday = try writeExport(rows: 6)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            // Monday died with rows 1–3 in flight: row 1's request created its inquiry (the answer
            // was lost), row 2's did not, row 3's created two (a person's earlier attempt).
            let mondayJob = try simulateCrash(ledger, path: monday, records: [1, 2, 3])
            try await createDirectly(port: port, reference: "ref-1", key: "monday-1")
            try await createDirectly(port: port, reference: "ref-3", key: "monday-3a")
            try await createDirectly(port: port, reference: "ref-3", key: "monday-3b")
            let summary = try await RunFixture(path: tuesday, port: port, ledger: ledger).run()
            #expect(summary.alreadyImported == 1)
            #expect(summary.duplicateFound == 1)
            #expect(summary.created == 4, "rows 2, 4, 5, 6")
            #expect(summary.seconds > 0, "the summary carries the run's time (a defer once set it after the summary left)")
            let tuesdayJob = try #require(try ledger.jobs().first { $0.job.id != mondayJob.id }).job.id
            let tuesdayRows = try ledger.rows(job: tuesdayJob)
            #expect(tuesdayRows.map(\.state) == [.alreadyImported, .created, .duplicateFound, .created, .created, .created])
            let mondayRows = try ledger.rows(job: mondayJob.id)
            #expect(mondayRows.map(\.state) == [.created, .superseded, .duplicateFound])
            #expect(mondayRows[0].inquiryID == tuesdayRows[0].inquiryID, "one inquiry settles the person's rows of both nights")
            #expect(emulator.stats().inquiriesCreated == 3 + 4)

            // Monday resumed after Tuesday ran: nothing is sent twice.
            let resumed = try await RunFixture(path: monday, port: port, ledger: ledger).run()
            #expect(resumed.created == 0)
            #expect(resumed.alreadyImported == 1, "row 4 of Monday: Tuesday created it")
            #expect(emulator.stats().inquiriesCreated == 3 + 4)
            #expect(emulator.stats().duplicateReferenceIDs.map(\.referenceID) == ["ref-3"], "only the one made before the runs")
        }
    }

    @Test func sharedReferenceIDsNeverSettleTwoRowsWithOneInquiry() async throws {
        let emulator = makeEmulator()
        // Rows 1–3 share ref-1 (--allow-duplicate-reference-ids), with different first names.
        let path = try writeExport(rows: 3, duplicateOf: [2: 1, 3: 1])
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let description = try JobIdentity.describe(
                inputPath: path, reader: ReaderOptions(), mappingFile: nil, schemaFile: nil, template: "itmpl_test")
            let job = try ledger.openJob(description, now: Date().timeIntervalSince1970)
            try ledger.markSending((1...3).map { record in
                SendIntent(
                    record: record, line: record + 1, referenceID: "ref-1",
                    idempotencyKey: IdempotencyKey.of(job: description.fingerprint, record: record),
                    bodySHA256: InquiryRequestBody(InquiryDraft(
                        template: .inquiryTemplate("itmpl_test"), referenceID: "ref-1", fields: exportFields(record))).sha256,
                    firstAttemptAt: Date().timeIntervalSince1970)
            }, job: job.id, now: Date().timeIntervalSince1970)
            // Row 2's request created its inquiry before the crash; rows 1 and 3's did not.
            try await createDirectly(port: port, reference: "ref-1", fields: exportFields(2), key: "lost-answer-2")
            var fixture = RunFixture(path: path, port: port, ledger: ledger)
            fixture.options.sending.allowDuplicateReferenceIDs = true
            let summary = try await fixture.run()
            #expect(summary.created == 3)
            let rows = try ledger.rows(job: job.id)
            #expect(rows.allSatisfy { $0.state == .created })
            #expect(Set(rows.compactMap(\.inquiryID)).count == 3, "every row its own inquiry")
            #expect(rows[1].keyGeneration == 0, "row 2 is settled with the inquiry its request made")
            #expect(emulator.stats().inquiriesCreated == 3)
        }
    }

    @Test func aRowLeftSendingKeepsThatFactThroughARunThatMeetsARefusedKey() async throws {
        let emulator = makeEmulator()
        // One row without a reference-id: it cannot be looked up, so only the ledger remembers
        // whether its request may have reached Persona.
        let (path, description) = try oneRowWithoutAReferenceID()
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let crashed = Date().timeIntervalSince1970
            let job = try ledger.openJob(description, now: crashed)
            let body = try firstBody(of: path)
            try ledger.markSending(
                [SendIntent(
                    record: 1, line: 2, referenceID: nil, idempotencyKey: IdempotencyKey.of(job: description.fingerprint, record: 1),
                    bodySHA256: body.sha256, firstAttemptAt: crashed)],
                job: job.id, now: crashed)
            var refused = RunFixture(path: path, port: port, ledger: ledger)
            refused.key = "persona_sandbox_not-a-key"
            let stopped = try await refused.run()
            guard case .keyRejected = stopped.stoppedBy else {
                Issue.record("expected the key to be refused, got \(String(describing: stopped.stoppedBy))")
                return
            }
            #expect(try ledger.rows(job: job.id).first?.state == .sending, "its request may still have reached Persona")
            // Past the idempotency window it is not resent (it could create a second inquiry).
            var later = RunFixture(path: path, port: port, ledger: ledger)
            later.options.sending.idempotencyWindow = 0
            let summary = try await later.run()
            #expect(summary.indeterminate == 1)
            #expect(emulator.stats().inquiriesCreated == 0)
        }
    }

    @Test func aRowSentUnderOtherOptionsIsFinishedNotRejected() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 3, duplicateOf: [3: 1])
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            // Sent with --allow-duplicate-reference-ids, then the run died with row 3 in flight.
            let job = try simulateCrash(ledger, path: path, records: [3])
            let summary = try await RunFixture(path: path, port: port, ledger: ledger).run()
            #expect(summary.jobComplete, "the job completes (row 3 is finished as it began)")
            #expect(try ledger.rows(job: job.id).map(\.state) == [.created, .created, .created])
        }
    }

    @Test func aBodyChangedSinceItWasSentIsNotResentUnderItsKey() async throws {
        let emulator = makeEmulator()
        // One row without a reference-id: it cannot be looked up, so only the ledger remembers
        // whether its request may have reached Persona.
        let (path, description) = try oneRowWithoutAReferenceID()
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let job = try ledger.openJob(description, now: Date().timeIntervalSince1970)
            let key = IdempotencyKey.of(job: description.fingerprint, record: 1)
            // An older build sent another body under the row's key, and Persona created it.
            try await createDirectly(port: port, reference: "older-mapping", key: key)
            try ledger.markSending(
                [SendIntent(record: 1, line: 2, referenceID: nil, idempotencyKey: key, bodySHA256: "older-digest", firstAttemptAt: Date().timeIntervalSince1970)],
                job: job.id, now: Date().timeIntervalSince1970)
            let summary = try await RunFixture(path: path, port: port, ledger: ledger).run()
            #expect(summary.indeterminate == 1)
            #expect(summary.failed == 0, "not resent under its key (Persona would refuse it with a 409)")
            #expect(try ledger.rows(job: job.id).first?.error?.contains("another body") == true)
            #expect(emulator.stats().inquiriesCreated == 1)
        }
    }

    @Test func reconcileSendsAPersonOnceAcrossJobs() async throws {
        let emulator = makeEmulator()
        let monday = try writeExport(rows: 1)
        let tuesday = try writeExport(rows: 2)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let mondayJob = try simulateCrash(ledger, path: monday, records: [1], at: Date().timeIntervalSince1970 - 10)
            let tuesdayJob = try simulateCrash(ledger, path: tuesday, records: [1])
            let report = try await reconcile(ledger, port: port)
            #expect(report.decisions.map(\.outcome.description).sorted() == ["pending", "superseded"])
            #expect(emulator.stats().requests == 1, "one look-up for the person, not one per row")
            #expect(try ledger.rows(job: mondayJob.id).first?.state == .superseded)
            #expect(try ledger.rows(job: tuesdayJob.id).first?.state == .pending)
            _ = try await RunFixture(path: monday, port: port, ledger: ledger).run()
            _ = try await RunFixture(path: tuesday, port: port, ledger: ledger).run()
            #expect(emulator.stats().inquiriesCreated == 2)
            #expect(emulator.stats().duplicateReferenceIDs.isEmpty)
        }
    }
}

/// Rows of one job that share a reference-id are left to the run, which has their bodies to tell
/// their inquiries apart; reconcile looks nothing up for them.
@Suite struct ReconcileSharedReferenceTests {
    @Test func rowsSharingAReferenceIDInOneJobAreLeftForTheRun() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 2, duplicateOf: [2: 1])
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let job = try ledger.openJob(
                try JobIdentity.describe(inputPath: path, reader: ReaderOptions(), mappingFile: nil, schemaFile: nil, template: "itmpl_test"),
                now: 0)
            try ledger.markSending((1...2).map {
                SendIntent(record: $0, line: $0 + 1, referenceID: "ref-1", idempotencyKey: "k\($0)", bodySHA256: "x", firstAttemptAt: 0)
            }, job: job.id, now: 0)
            try await createDirectly(port: port, reference: "ref-1", key: "one-of-them")
            let requestsBefore = emulator.stats().requests
            let report = try await reconcile(ledger, port: port)
            #expect(report.decisions.map(\.outcome.description) == Array(repeating: "left for the run (rows share the reference-id)", count: 2))
            #expect(emulator.stats().requests == requestsBefore, "nothing looked up")
            #expect(try ledger.rows(job: job.id).allSatisfy { $0.state == .sending }, "one inquiry must not settle both")
        }
    }
}

/// The summary counts only what the ledger committed (issue 14, hole 5).
@Suite struct LedgerFailureCountTests {
    /// An in-memory ledger whose outcome writes fail after the first `good` ones.
    final class FailingLedger: Ledger, @unchecked Sendable {
        let inner = InMemoryLedger()
        private let lock = NSLock()
        private var writes = 0
        let good: Int

        init(good: Int) { self.good = good }

        func findJob(fingerprint: String) throws(LedgerError) -> JobRecord? { try inner.findJob(fingerprint: fingerprint) }
        func openJob(_ job: JobDescription, now: Double) throws(LedgerError) -> JobRecord { try inner.openJob(job, now: now) }
        func resumePlan(job: Int64, retryingFailed: Bool) throws(LedgerError) -> ResumePlan {
            try inner.resumePlan(job: job, retryingFailed: retryingFailed)
        }
        func markSending(_ intents: [SendIntent], job: Int64, now: Double) throws(LedgerError) {
            try inner.markSending(intents, job: job, now: now)
        }
        func record(_ updates: [RowUpdate], job: Int64, now: Double) throws(LedgerError) {
            let count = lock.withLock { writes += 1; return writes }
            guard count <= good else { throw .io("failing ledger", "disk full") }
            try inner.record(updates, job: job, now: now)
        }
        func setCompleted(job: Int64, at time: Double?) throws(LedgerError) { try inner.setCompleted(job: job, at: time) }
        func counts(job: Int64) throws(LedgerError) -> StateCounts { try inner.counts(job: job) }
        func recordStatuses(_ records: [InquiryStatusRecord], now: Double) throws(LedgerError) -> Int {
            try inner.recordStatuses(records, now: now)
        }
        func inquiriesToFollow(job: Int64) throws(LedgerError) -> [String] { try inner.inquiriesToFollow(job: job) }
        func statuses(job: Int64) throws(LedgerError) -> [String: InquiryStatusRecord] { try inner.statuses(job: job) }
        func statusFunnel(job: Int64) throws(LedgerError) -> [String: Int] { try inner.statusFunnel(job: job) }
        func recordLinks(_ links: [(inquiryID: String, link: OneTimeLink)], now: Double) throws(LedgerError) {
            try inner.recordLinks(links, now: now)
        }
        func linkTargets(job: Int64, all: Bool, now: Double) throws(LedgerError) -> [String] {
            try inner.linkTargets(job: job, all: all, now: now)
        }
        func links(job: Int64) throws(LedgerError) -> [String: OneTimeLink] { try inner.links(job: job) }
        func rows(job: Int64) throws(LedgerError) -> [LedgerRow] { try inner.rows(job: job) }
        func history(referenceIDs: [String]) throws(LedgerError) -> [String: [HistoryEntry]] { try inner.history(referenceIDs: referenceIDs) }
        func unfinishedJobs(inputPath: String) throws(LedgerError) -> [JobStatus] { try inner.unfinishedJobs(inputPath: inputPath) }
        func jobs() throws(LedgerError) -> [JobStatus] { try inner.jobs() }
        func rows(inStates states: [RowState]) throws(LedgerError) -> [LedgerRow] { try inner.rows(inStates: states) }
    }

    @Test func afterAFailedLedgerWriteTheSummaryCountsOnlyWhatWasCommitted() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 400)
        try await emulator.withRunning { port in
            let ledger = FailingLedger(good: 0)
            var fixture = RunFixture(path: path, port: port, ledger: ledger)
            fixture.options.sending.ledgerPatience = 0
            let summary = try await fixture.run()
            guard case .failed(let failure) = summary.stoppedBy, failure.kind == .ledger else {
                Issue.record("expected the ledger failure to stop the run, got \(String(describing: summary.stoppedBy))")
                return
            }
            let committed = try ledger.inner.counts(job: 1)[.created]
            #expect(summary.created == committed)
            #expect(emulator.stats().inquiriesCreated > committed, "the run did create more than the ledger holds")
        }
    }
}
