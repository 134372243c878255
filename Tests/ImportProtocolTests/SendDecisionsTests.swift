import ImportLedger
@testable import ImportProtocol
import PersonaClient
import Testing

private func entry(job: Int64, record: Int = 1, _ state: RowState, inquiry: String? = nil, at time: Double? = nil) -> HistoryEntry {
    HistoryEntry(job: job, record: record, state: state, inquiryID: inquiry, firstAttemptAt: time)
}

private func prior(_ state: RowState, digest: String? = "d") -> PriorAttempt {
    PriorAttempt(state: state, idempotencyKey: "k", bodySHA256: digest, attempts: 1, firstAttemptAt: 10)
}

/// One test per line of the protocol: the person's rows in other jobs, the key, before each
/// attempt, and what a look-up's result settles.
@Suite struct SendDecisionsTests {
    // MARK: History

    @Test func nothingElsewhereSends() {
        #expect(SendDecisions.history([], job: 2, allowDuplicates: false) == .send)
    }

    @Test func thisJobsOwnRowsAreNotHistory() {
        #expect(SendDecisions.history([entry(job: 2, .sending), entry(job: 2, .created, inquiry: "inq_a")], job: 2, allowDuplicates: false) == .send)
    }

    @Test func createdElsewhereIsAlreadyImported() {
        #expect(SendDecisions.history([entry(job: 1, .created, inquiry: "inq_a")], job: 2, allowDuplicates: false)
            == .alreadyImported(inquiryID: "inq_a"))
    }

    @Test func alreadyImportedElsewhereIsAlreadyImportedWithTheSameInquiry() {
        let entries = [entry(job: 1, .created, inquiry: "inq_a"), entry(job: 3, .alreadyImported, inquiry: "inq_a")]
        #expect(SendDecisions.history(entries, job: 4, allowDuplicates: false) == .alreadyImported(inquiryID: "inq_a"))
    }

    @Test func anInquiryKnownWinsOverARequestInFlight() {
        let entries = [entry(job: 1, .sending, at: 5), entry(job: 3, .created, inquiry: "inq_a")]
        #expect(SendDecisions.history(entries, job: 4, allowDuplicates: false) == .alreadyImported(inquiryID: "inq_a"))
    }

    @Test func twoInquiriesCreatedElsewhereAreHeldForAPerson() {
        let entries = [entry(job: 1, .created, inquiry: "inq_a"), entry(job: 3, .created, inquiry: "inq_b")]
        #expect(SendDecisions.history(entries, job: 4, allowDuplicates: false) == .heldForAPerson(inquiryIDs: ["inq_a", "inq_b"]))
    }

    @Test func duplicateFoundElsewhereIsHeldForAPerson() {
        #expect(SendDecisions.history([entry(job: 1, .duplicateFound, inquiry: "inq_a,inq_b")], job: 2, allowDuplicates: false)
            == .heldForAPerson(inquiryIDs: ["inq_a", "inq_b"]))
    }

    @Test(arguments: [RowState.sending, .indeterminate])
    func aRequestInFlightElsewhereIsLookedUpFirstFromItsEarliestAttempt(state: RowState) {
        let entries = [entry(job: 1, record: 4, state, at: 500), entry(job: 3, record: 9, .sending, at: 300)]
        #expect(SendDecisions.history(entries, job: 5, allowDuplicates: false) == .lookUpFirst(earliestAttempt: 300, inFlight: entries))
    }

    @Test func withDuplicateReferenceIDsAllowedOtherJobsDecideNothing() {
        #expect(SendDecisions.history([entry(job: 1, .created, inquiry: "inq_a")], job: 2, allowDuplicates: true) == .send)
    }

    // MARK: Key

    @Test func aFreshRowAndARowInFlightKeepTheirKey() {
        #expect(SendDecisions.key(prior: nil, bodySHA256: "d") == .same)
        #expect(SendDecisions.key(prior: prior(.sending), bodySHA256: "d") == .same)
        #expect(SendDecisions.key(prior: prior(.sending), bodySHA256: "changed") == .same, "looked up first, then rekeyed")
        #expect(SendDecisions.key(prior: prior(.pending), bodySHA256: "d") == .same)
    }

    @Test func aFailedRowRetriedOrAnUnsentRowWithAnotherBodyGetsTheNextKey() {
        #expect(SendDecisions.key(prior: prior(.failed), bodySHA256: "d") == .next)
        #expect(SendDecisions.key(prior: prior(.pending), bodySHA256: "changed") == .next)
    }

    @Test func aBodyChangedMattersOnlyForARowThatMayHaveReachedPersona() {
        #expect(SendDecisions.bodyChanged(prior: prior(.sending), bodySHA256: "changed"))
        #expect(!SendDecisions.bodyChanged(prior: prior(.sending), bodySHA256: "d"))
        #expect(!SendDecisions.bodyChanged(prior: prior(.pending), bodySHA256: "changed"))
        #expect(!SendDecisions.bodyChanged(prior: nil, bodySHA256: "changed"))
    }

    // MARK: Before each attempt

    @Test func withAReferenceIDAnyDoubtIsLookedUp() {
        #expect(SendDecisions.beforeAttempt(hasReferenceID: true, outcomeUnknown: false, pastWindow: false, bodyChanged: false) == .send)
        #expect(SendDecisions.beforeAttempt(hasReferenceID: true, outcomeUnknown: true, pastWindow: false, bodyChanged: false) == .lookUp)
        #expect(SendDecisions.beforeAttempt(hasReferenceID: true, outcomeUnknown: false, pastWindow: true, bodyChanged: false) == .lookUp)
        #expect(SendDecisions.beforeAttempt(hasReferenceID: true, outcomeUnknown: false, pastWindow: false, bodyChanged: true) == .lookUp)
    }

    @Test func withoutAReferenceIDAChangedBodyOrThePastWindowIsIndeterminate() {
        guard case .indeterminate(let changed) = SendDecisions.beforeAttempt(
            hasReferenceID: false, outcomeUnknown: true, pastWindow: false, bodyChanged: true) else {
            Issue.record("a changed body without a reference-id must not be resent")
            return
        }
        #expect(changed.contains("another body"))
        guard case .indeterminate(let past) = SendDecisions.beforeAttempt(
            hasReferenceID: false, outcomeUnknown: false, pastWindow: true, bodyChanged: false) else {
            Issue.record("past the window without a reference-id must not be resent")
            return
        }
        #expect(past.contains("idempotency window"))
        #expect(SendDecisions.beforeAttempt(hasReferenceID: false, outcomeUnknown: true, pastWindow: false, bodyChanged: false) == .send)
    }

    // MARK: Attribution

    private static let sent: [(key: String, value: String)] = [("name-first", "Ann"), ("name-last", "Lee")]

    @Test func oneReferenceOnePersonCountsWhatWasFound() {
        func attribute(_ ids: [String], complete: Bool = true) -> SendDecisions.Attribution {
            SendDecisions.attribute(
                LookupResult(inquiries: ids.map { FoundInquiry(id: $0) }, complete: complete), sent: Self.sent, recordedForOthers: [],
                allowDuplicates: false)
        }
        #expect(attribute([]) == .none)
        #expect(attribute(["inq_a"]) == .one("inq_a"))
        #expect(attribute(["inq_a", "inq_b"]) == .several(["inq_a", "inq_b"]))
        #expect(attribute(["inq_a"], complete: false) == .undecidable(["inq_a"]))
    }

    @Test func sharedReferenceIDsAttributeByTheFieldsSent() {
        let found = LookupResult(inquiries: [
            FoundInquiry(id: "inq_sibling", fields: ["name-first": "Bob", "name-last": "Lee"]),
            FoundInquiry(id: "inq_mine", fields: ["name-first": "Ann", "name-last": "Lee"]),
        ])
        #expect(SendDecisions.attribute(found, sent: Self.sent, recordedForOthers: [], allowDuplicates: true) == .one("inq_mine"))
    }

    @Test func anInquiryTheLedgerHoldsForAnotherRowIsNeverThisRows() {
        let found = LookupResult(inquiries: [FoundInquiry(id: "inq_sibling", fields: ["name-first": "Ann", "name-last": "Lee"])])
        #expect(SendDecisions.attribute(found, sent: Self.sent, recordedForOthers: ["inq_sibling"], allowDuplicates: true) == .none)
        #expect(SendDecisions.attribute(found, sent: Self.sent, recordedForOthers: [], allowDuplicates: true) == .one("inq_sibling"))
    }

    @Test func twoInquiriesThatBothMatchCannotBeAttributed() {
        let found = LookupResult(inquiries: [FoundInquiry(id: "inq_a"), FoundInquiry(id: "inq_b", fields: ["name-first": "Ann"])])
        #expect(SendDecisions.attribute(found, sent: Self.sent, recordedForOthers: [], allowDuplicates: true) == .undecidable(["inq_a", "inq_b"]))
    }

    // MARK: Settling

    private func settle(_ attribution: SendDecisions.Attribution, reached: Bool, inFlight: [HistoryEntry] = [])
        -> SendDecisions.Settlement
    {
        SendDecisions.settle(attribution, record: 7, line: 8, referenceID: "r", attempts: 2, job: 5, ownMayHaveReached: reached, inFlight: inFlight)
    }

    @Test func oneFoundIsTheRowsOwnWhenItMayHaveSentItElseAlreadyImported() {
        let elsewhere = [entry(job: 1, record: 3, .sending)]
        #expect(settle(.one("inq_a"), reached: true, inFlight: elsewhere) == SendDecisions.Settlement(
            row: .created(record: 7, inquiryID: "inq_a", requestID: nil, attempts: 2),
            others: [(1, .created(record: 3, inquiryID: "inq_a", requestID: nil, attempts: 0))]))
        #expect(settle(.one("inq_a"), reached: false, inFlight: elsewhere) == SendDecisions.Settlement(
            row: .alreadyImported(record: 7, line: 8, referenceID: "r", inquiryID: "inq_a"),
            others: [(1, .created(record: 3, inquiryID: "inq_a", requestID: nil, attempts: 0))]))
    }

    @Test func severalFoundAreDuplicatesEverywhere() {
        let elsewhere = [entry(job: 1, record: 3, .indeterminate)]
        #expect(settle(.several(["a", "b"]), reached: false, inFlight: elsewhere) == SendDecisions.Settlement(
            row: .duplicateFound(record: 7, inquiryIDs: ["a", "b"], attempts: 2),
            others: [(1, .duplicateFound(record: 3, inquiryIDs: ["a", "b"], attempts: 0))]))
    }

    @Test func noneFoundSendsAndSupersedesTheEarlierRows() {
        let elsewhere = [entry(job: 1, record: 3, .sending), entry(job: 2, record: 4, .indeterminate)]
        let others: [(job: Int64, update: RowUpdate)] = [
            (1, .superseded(record: 3, byJob: 5, byRecord: 7)), (2, .superseded(record: 4, byJob: 5, byRecord: 7)),
        ]
        #expect(settle(.none, reached: true, inFlight: elsewhere) == SendDecisions.Settlement(row: nil, rekey: true, others: others))
        #expect(settle(.none, reached: false, inFlight: elsewhere) == SendDecisions.Settlement(row: nil, rekey: false, others: others))
    }

    @Test func anUndecidableRowIsIndeterminateAndTouchesNoOtherRow() {
        let settlement = settle(.undecidable(["a", "b"]), reached: true, inFlight: [entry(job: 1, .sending)])
        guard case .indeterminate(7, 2, let reason)? = settlement.row else {
            Issue.record("expected indeterminate, got \(String(describing: settlement.row))")
            return
        }
        #expect(reason.contains("a,b"))
        #expect(settlement.others.isEmpty)
        #expect(!settlement.rekey)
    }
}

@Suite struct RefusalStreakTests {
    private func refused(_ reason: String = "422 Unprocessable: fields.x") -> RowUpdate {
        .failed(record: 1, error: reason, requestID: nil, attempts: 1)
    }

    /// Whether each outcome in turn trips the breaker.
    private func trips(_ updates: [RowUpdate], limit: Int) -> [Bool] {
        var streak = RefusalStreak(limit: limit)
        return updates.map { streak.observe($0) }
    }

    @Test func itTripsOnTheLimitthRefusalInARow() {
        #expect(trips([refused(), refused(), refused(), refused()], limit: 3) == [false, false, true, false], "once")
    }

    @Test func aCreateEndsTheStreakAndOtherOutcomesLeaveIt() {
        let updates: [RowUpdate] = [
            refused(), .created(record: 2, inquiryID: "inq_1", requestID: nil, attempts: 1), refused(), .unsent(record: 3),
            .interrupted(record: 4, attempts: 5, error: "500", lastStatus: 500), refused(),
        ]
        #expect(trips(updates, limit: 2) == [false, false, false, false, false, true], "a stop or a 5xx says nothing of the rows")
    }

    @Test func itsFailureNamesTheCommonestRefusalAndWhatToCheck() {
        var streak = RefusalStreak(limit: 3)
        for reason in ["422: fields.name-last is not a field", "400: bad", "422: fields.name-last is not a field"] {
            _ = streak.observe(refused(reason))
        }
        #expect(streak.mostCommon?.reason == "422: fields.name-last is not a field" && streak.mostCommon?.count == 2)
        let failure = streak.failure
        #expect(failure.kind == .refusedRepeatedly)
        #expect(failure.message.contains("--max-failures 3") && failure.message.contains("template's fields") && failure.message.contains("--retry-failed"))
    }
}
