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
        let history = try ledger.history(referenceIDs: ["ref-1", "ref-2", "ref-9"])
        #expect(history["ref-1"] == [HistoryEntry(job: monday, record: 1, state: .created, inquiryID: "inq_1", firstAttemptAt: 100)])
        #expect(history["ref-2"] == [HistoryEntry(job: monday, record: 2, state: .sending, inquiryID: nil, firstAttemptAt: 100)])
        #expect(history["ref-9"] == nil)
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

    @Test(arguments: LedgerKind.allCases)
    func historyReportsOnlyWhatSaysSomethingAboutPersona(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let id = try ledger.openJob(job(), now: 1).id
        try ledger.markSending((1...6).map { intent($0) }, job: id, now: 2)
        try ledger.record([
            .failed(record: 1, error: "422", requestID: nil, attempts: 1), .unsent(record: 2),
            .indeterminate(record: 3, attempts: 1, error: "x"), .duplicateFound(record: 4, inquiryIDs: ["a", "b"], attempts: 1),
            .superseded(record: 5, byJob: 9, byRecord: 1),
        ], job: id, now: 3)
        try ledger.record([.rejected(record: 7, line: 8, referenceID: "ref-7", reasons: ["x"])], job: id, now: 3)
        let history = try ledger.history(referenceIDs: (1...7).map { "ref-\($0)" })
        #expect(Set(history.keys) == ["ref-3", "ref-4", "ref-6"], "failed, pending, superseded and rejected say nothing")
        #expect(history["ref-4"]?.first?.inquiryID == "a,b")
        #expect(history["ref-6"]?.first?.state == .sending)
    }

    /// Every kind of write against a row in every state: the ledger changes the row exactly when
    /// ``RowWrite``'s table says so, and leaves it as it was otherwise.
    @Test(arguments: LedgerKind.allCases)
    func everyLedgerFollowsTheOneTransitionTable(kind: LedgerKind) throws {
        let ledger = try kind.make()
        var jobNumber = 0
        for write in RowWrite.allCases {
            for state in [nil] + RowState.allCases {
                jobNumber += 1
                let id = try ledger.openJob(job("t\(jobNumber)"), now: 1).id
                if let state { try put(ledger, job: id, record: 1, in: state) }
                let before = try ledger.rows(job: id).first?.state
                #expect(before == state, "set-up of \(String(describing: state))")
                try apply(write, ledger: ledger, job: id)
                let after = try ledger.rows(job: id).first?.state
                let expected = write.applies(to: state) ? Self.result(of: write, from: state) : state
                #expect(after == expected, "\(write) on \(String(describing: state)) (\(kind))")
            }
        }
    }

    /// The state a write leaves a row in when it applies (`unsent` from a row no earlier run left
    /// `sending`: back to pending).
    private static func result(of write: RowWrite, from state: RowState?) -> RowState {
        switch write {
        case .intent, .interrupted: .sending
        case .rejected: .rejected
        case .created: .created
        case .failed: .failed
        case .unsent, .rekeyed: .pending
        case .duplicateFound, .duplicateElsewhere: .duplicateFound
        case .indeterminate: .indeterminate
        case .alreadyImported: .alreadyImported
        case .superseded: .superseded
        }
    }

    private func apply(_ write: RowWrite, ledger: any Ledger, job id: Int64) throws {
        let update: RowUpdate
        switch write {
        case .intent:
            try ledger.markSending([intent(1, key: "other-key")], job: id, now: 5)
            return
        case .rejected: update = .rejected(record: 1, line: 2, referenceID: "ref-1", reasons: ["x"])
        case .created: update = .created(record: 1, inquiryID: "inq_new", requestID: nil, attempts: 1)
        case .failed: update = .failed(record: 1, error: "422", requestID: nil, attempts: 1)
        case .unsent: update = .unsent(record: 1)
        case .interrupted: update = .interrupted(record: 1, attempts: 1, error: nil, lastStatus: 0)
        case .duplicateFound: update = .duplicateFound(record: 1, inquiryIDs: ["a", "b"], attempts: 1)
        case .duplicateElsewhere: update = .duplicateElsewhere(record: 1, line: 2, referenceID: "ref-1", inquiryIDs: ["a", "b"])
        case .indeterminate: update = .indeterminate(record: 1, attempts: 1, error: "x")
        case .alreadyImported: update = .alreadyImported(record: 1, line: 2, referenceID: "ref-1", inquiryID: "inq_old")
        case .rekeyed: update = .rekeyed(record: 1, idempotencyKey: "k2", keyGeneration: 1)
        case .superseded: update = .superseded(record: 1, byJob: 99, byRecord: 1)
        }
        try ledger.record([update], job: id, now: 5)
    }

    /// Brings record `record` of `job` to `state` the way runs do.
    private func put(_ ledger: any Ledger, job id: Int64, record: Int, in state: RowState) throws {
        let reach: [RowUpdate]
        switch state {
        case .rejected:
            try ledger.record([.rejected(record: record, line: 2, referenceID: "ref-1", reasons: ["x"])], job: id, now: 2)
            return
        case .alreadyImported:
            try ledger.record([.alreadyImported(record: record, line: 2, referenceID: "ref-1", inquiryID: "inq_old")], job: id, now: 2)
            return
        case .pending: reach = [.unsent(record: record)]
        case .sending: reach = []
        case .created: reach = [.created(record: record, inquiryID: "inq_old", requestID: nil, attempts: 1)]
        case .failed: reach = [.failed(record: record, error: "422", requestID: nil, attempts: 1)]
        case .duplicateFound: reach = [.duplicateFound(record: record, inquiryIDs: ["a", "b"], attempts: 1)]
        case .indeterminate: reach = [.indeterminate(record: record, attempts: 1, error: "x")]
        case .superseded: reach = [.superseded(record: record, byJob: 99, byRecord: 1)]
        }
        try ledger.markSending([intent(record)], job: id, now: 2)
        try ledger.record(reach, job: id, now: 2)
    }

    /// The fact that a request may have reached Persona survives a run that sends nothing: a row
    /// an earlier run left `sending` is never put back to `pending` (issue 14, hole 2).
    @Test(arguments: LedgerKind.allCases)
    func aRowLeftSendingByAnEarlierRunStaysSendingWhenARunStopsBeforeResending(kind: LedgerKind) throws {
        let ledger = try kind.make()
        let id = try ledger.openJob(job(), now: 1).id
        try ledger.markSending([intent(1), intent(2)], job: id, now: 2)  // run 1 dies here
        try ledger.markSending([intent(1)], job: id, now: 3)  // run 2's intent for row 1 (same key)
        try ledger.record([.unsent(record: 1), .unsent(record: 2)], job: id, now: 4)  // run 2 stops (a 401)
        #expect(try ledger.rows(job: id).map(\.state) == [.sending, .pending])
        #expect(try ledger.resumePlan(job: id, retryingFailed: false).prior[1]?.mayHaveReachedPersona == true)
        // A new key (a look-up found nothing) clears the fact: nothing went out under it.
        try ledger.markSending([intent(1, key: "key-1-g1")], job: id, now: 5)
        try ledger.record([.unsent(record: 1)], job: id, now: 6)
        #expect(try ledger.rows(job: id).first?.state == .pending)
    }
}
