import Foundation
import ImportLedger
import Testing

/// The same contract, run against every ledger: in memory, in an SQLite file, and in
/// PostgreSQL when `PERSONA_IMPORT_TEST_POSTGRES_URL` names a server (`scripts/test.sh` starts
/// one); without it the PostgreSQL cases are left out and `PostgresLedgerTests` shows as skipped.
enum LedgerKind: String, CaseIterable, CustomTestStringConvertible {
    case memory
    case sqlite
    case postgres

    static var allCases: [LedgerKind] { PostgresTestServer.url == nil ? [.memory, .sqlite] : [.memory, .sqlite, .postgres] }

    var testDescription: String { rawValue }

    func make() throws -> any Ledger {
        switch self {
        case .memory: return InMemoryLedger()
        case .sqlite: return try SQLiteLedger(path: temporaryLedgerPath())
        case .postgres: return try PostgresTestServer.ledger()
        }
    }
}

func temporaryLedgerPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ledger-test-\(UUID().uuidString).sqlite").path
}

func job(_ fingerprint: String = "f1") -> JobDescription {
    JobDescription(fingerprint: fingerprint, inputPath: "in.csv", inputSHA256: "abc", inputBytes: 10, template: "itmpl_x")
}

func intent(_ record: Int, key: String? = nil, at time: Double = 100) -> SendIntent {
    SendIntent(
        record: record, line: record + 1, referenceID: "ref-\(record)", idempotencyKey: key ?? "key-\(record)",
        bodySHA256: "digest-\(record)", firstAttemptAt: time)
}

@Suite struct LedgerContractTests {
    @Test(arguments: LedgerKind.allCases)
    func openingTheSameJobTwiceResumesIt(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let first = try ledger.openJob(job(), now: 1)
        let again = try ledger.openJob(job(), now: 2)
        let other = try ledger.openJob(job("f2"), now: 3)
        #expect(first.isNew)
        #expect(!again.isNew)
        #expect(again.id == first.id)
        #expect(other.id != first.id)
        #expect(try ledger.findJob(fingerprint: "f1")?.id == first.id)
        #expect(try ledger.findJob(fingerprint: "nope") == nil)
    }

    @Test(arguments: LedgerKind.allCases)
    func aRowMovesFromSendingToCreatedAndIsSkippedAfterwards(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let id = try ledger.openJob(job(), now: 1).id
        try ledger.markSending([intent(1), intent(2), intent(3)], job: id, now: 2)
        var plan = try ledger.resumePlan(job: id, retryingFailed: false)
        #expect(plan.skip.count == 0)
        #expect(plan.prior[2] == PriorAttempt(state: .sending, idempotencyKey: "key-2", bodySHA256: "digest-2", attempts: 0, firstAttemptAt: 100, keySentAt: 2))

        try ledger.record([.created(record: 1, inquiryID: "inq_1", requestID: "req_1", attempts: 1)], job: id, now: 3)
        plan = try ledger.resumePlan(job: id, retryingFailed: false)
        #expect(plan.skip.contains(1))
        #expect(!plan.skip.contains(2))
        #expect(plan.prior[1] == nil)
        let rows = try ledger.rows(job: id)
        #expect(rows.map(\.state) == [.created, .sending, .sending])
        #expect(rows[0].inquiryID == "inq_1")
        #expect(rows[0].requestID == "req_1")
        #expect(try ledger.counts(job: id)[.sending] == 2)
    }

    @Test(arguments: LedgerKind.allCases)
    func failedRowsAreFinalUnlessRetried(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let id = try ledger.openJob(job(), now: 1).id
        try ledger.markSending([intent(1)], job: id, now: 2)
        try ledger.record([.failed(record: 1, error: "422 Unprocessable entity", requestID: "req_9", attempts: 1)], job: id, now: 3)
        #expect(try ledger.resumePlan(job: id, retryingFailed: false).skip.contains(1))
        let retry = try ledger.resumePlan(job: id, retryingFailed: true)
        #expect(!retry.skip.contains(1))
        #expect(retry.prior[1]?.idempotencyKey == "key-1", "a retried row keeps its key")
        #expect(try ledger.rows(job: id).first?.error == "422 Unprocessable entity")
    }

    @Test(arguments: LedgerKind.allCases)
    func unsentRowsGoBackToPendingAndInterruptedOnesStaySending(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let id = try ledger.openJob(job(), now: 1).id
        try ledger.markSending([intent(1), intent(2)], job: id, now: 2)
        try ledger.record([.unsent(record: 1), .interrupted(record: 2, attempts: 3, error: "503 Service unavailable", lastStatus: 503)], job: id, now: 3)
        let rows = try ledger.rows(job: id)
        #expect(rows.map(\.state) == [.pending, .sending])
        #expect(rows[1].attempts == 3)
        #expect(rows[1].error == "503 Service unavailable")
        #expect(try ledger.resumePlan(job: id, retryingFailed: false).prior[2]?.lastStatus == 503, "a resume knows a 5xx calls for reconciliation")
        // Sending again keeps the first attempt's time (the idempotency window counts from it).
        try ledger.markSending([intent(2, at: 500)], job: id, now: 4)
        #expect(try ledger.resumePlan(job: id, retryingFailed: false).prior[2]?.firstAttemptAt == 100)
    }

    @Test(arguments: LedgerKind.allCases)
    func aRejectionNeverOverwritesACreatedRow(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let id = try ledger.openJob(job(), now: 1).id
        try ledger.markSending([intent(1)], job: id, now: 2)
        try ledger.record([.created(record: 1, inquiryID: "inq_1", requestID: nil, attempts: 1)], job: id, now: 3)
        try ledger.record(
            [.rejected(record: 1, line: 2, referenceID: nil, reasons: ["x"]), .rejected(record: 2, line: 3, referenceID: "r", reasons: ["a", "b"])],
            job: id, now: 4)
        let rows = try ledger.rows(job: id)
        #expect(rows.map(\.state) == [.created, .rejected])
        #expect(rows[1].error == "a; b")
        #expect(try ledger.counts(job: id) == StateCounts([.created: 1, .rejected: 1]))
    }

    @Test(arguments: LedgerKind.allCases)
    func jobsKeepTheirRowsApart(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let a = try ledger.openJob(job("a"), now: 1).id
        let b = try ledger.openJob(job("b"), now: 1).id
        try ledger.markSending([intent(1)], job: a, now: 2)
        try ledger.record([.created(record: 1, inquiryID: "inq_1", requestID: nil, attempts: 1)], job: a, now: 3)
        #expect(try ledger.resumePlan(job: b, retryingFailed: false).skip.count == 0)
        #expect(try ledger.rows(job: b).isEmpty)
        try ledger.setCompleted(job: a, at: 9)
        #expect(try ledger.findJob(fingerprint: "a")?.completedAt == 9)
        #expect(try ledger.findJob(fingerprint: "b")?.completedAt == nil)
    }
}

@Suite struct LedgerReconciliationStateTests {
    @Test(arguments: LedgerKind.allCases)
    func reconciledStatesAreFinalAndANewKeyStartsAfresh(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let id = try ledger.openJob(job(), now: 1).id
        try ledger.markSending([intent(1), intent(2), intent(3)], job: id, now: 2)
        try ledger.record([
            .duplicateFound(record: 1, inquiryIDs: ["inq_a", "inq_b"], attempts: 2),
            .indeterminate(record: 2, attempts: 1, error: "no reference-id"),
            .interrupted(record: 3, attempts: 4, error: "500", lastStatus: 500),
        ], job: id, now: 3)
        try ledger.record([.rekeyed(record: 3, idempotencyKey: "key-3-g1", keyGeneration: 1)], job: id, now: 4)
        let plan = try ledger.resumePlan(job: id, retryingFailed: true)
        #expect(plan.skip.contains(1) && plan.skip.contains(2), "duplicate-found and indeterminate rows are never resent")
        let prior = try #require(plan.prior[3])
        #expect(prior.state == .pending)
        #expect(prior.idempotencyKey == "key-3-g1")
        #expect(prior.keyGeneration == 1)
        #expect(prior.attempts == 0)
        #expect(prior.lastStatus == 0)
        let rows = try ledger.rows(job: id)
        #expect(rows[0].inquiryID == "inq_a,inq_b")
        #expect(try ledger.rows(inStates: [.duplicateFound, .indeterminate]).map(\.record) == [1, 2])
    }

    @Test(arguments: LedgerKind.allCases)
    func aReferenceCreatedByAnotherJobIsFoundThere(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let monday = try ledger.openJob(job("monday"), now: 1).id
        let tuesday = try ledger.openJob(job("tuesday"), now: 2).id
        try ledger.markSending([intent(1), intent(2)], job: monday, now: 2)
        try ledger.record([.created(record: 1, inquiryID: "inq_1", requestID: nil, attempts: 1)], job: monday, now: 3)
        #expect(try ledger.createdElsewhere(referenceIDs: ["ref-1", "ref-2", "ref-9"], excludingJob: tuesday) == ["ref-1": "inq_1"])
        #expect(try ledger.createdElsewhere(referenceIDs: ["ref-1"], excludingJob: monday).isEmpty)
        try ledger.record([.alreadyImported(record: 5, line: 6, referenceID: "ref-1", inquiryID: "inq_1")], job: tuesday, now: 4)
        #expect(try ledger.resumePlan(job: tuesday, retryingFailed: false).skip.contains(5))
        #expect(try ledger.rows(job: tuesday).first?.state == .alreadyImported)
    }

    @Test(arguments: LedgerKind.allCases)
    func unfinishedJobsAreFoundByInputPath(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let first = try ledger.openJob(job("a"), now: 1).id
        _ = try ledger.openJob(JobDescription(fingerprint: "b", inputPath: "other.csv", inputSHA256: "x", inputBytes: 1, template: "t"), now: 1)
        #expect(try ledger.unfinishedJobs(inputPath: "in.csv").map(\.job.id) == [first])
        try ledger.setCompleted(job: first, at: 5)
        #expect(try ledger.unfinishedJobs(inputPath: "in.csv").isEmpty)
        #expect(try ledger.jobs().count == 2)
    }
}
