import ImportLedger
import PersonaClient

/// The exactly-once protocol's decisions, each a pure function of what the ledger holds, what
/// Persona answered and the options, so that each line of the protocol has a test of its own
/// (`SendDecisionsTests`). The create stage and the sender only carry them out.
enum SendDecisions {
    // MARK: Before a row is sent: the person's rows in other jobs

    /// What the person's rows in other jobs of the ledger say about a row about to be sent.
    enum History: Equatable {
        /// Nothing elsewhere stops it.
        case send
        /// Another job created the person's inquiry: `already-imported` with it, not sent.
        case alreadyImported(inquiryID: String)
        /// Another job found, or created, several inquiries for the person: not sent; a person
        /// decides (`duplicate-found`).
        case heldForAPerson(inquiryIDs: [String])
        /// A request of another job may have reached Persona with no final answer (`sending`,
        /// `indeterminate`): look the person up before sending, from the earliest such attempt.
        case lookUpFirst(earliestAttempt: Double?, inFlight: [HistoryEntry])
    }

    /// The verdict for a row of `job` from its reference-id's ``HistoryEntry``s (any job's;
    /// this job's own are left out). With `--allow-duplicate-reference-ids` a reference-id names
    /// no single person, so other jobs' rows decide nothing.
    static func history(_ entries: [HistoryEntry], job: Int64, allowDuplicates: Bool) -> History {
        guard !allowDuplicates else { return .send }
        let elsewhere = entries.filter { $0.job != job }
        var known: [String] = []
        for entry in elsewhere where [.created, .alreadyImported, .duplicateFound].contains(entry.state) {
            for id in (entry.inquiryID ?? "").split(separator: ",").map(String.init) where !known.contains(id) { known.append(id) }
        }
        if elsewhere.contains(where: { $0.state == .duplicateFound }) || known.count > 1 {
            return .heldForAPerson(inquiryIDs: known)
        }
        if let inquiryID = known.first { return .alreadyImported(inquiryID: inquiryID) }
        let inFlight = inFlightElsewhere(entries, job: job)
        guard !inFlight.isEmpty else { return .send }
        return .lookUpFirst(earliestAttempt: inFlight.compactMap(\.firstAttemptAt).min(), inFlight: inFlight)
    }

    /// Other jobs' rows whose request may have reached Persona with no final answer.
    static func inFlightElsewhere(_ entries: [HistoryEntry], job: Int64) -> [HistoryEntry] {
        entries.filter { $0.job != job && ($0.state == .sending || $0.state == .indeterminate) }
    }

    // MARK: Which key a row goes out under

    /// The key a row is sent under this run, given what earlier runs did with it.
    enum Key: Equatable {
        /// The key it had (same key, same body: Persona replays rather than creates).
        case same
        /// The next generation: the old key was refused for good (`failed`, `--retry-failed`),
        /// or was never sent and the body has changed (a newer build maps the row differently).
        case next
    }

    static func key(prior: PriorAttempt?, bodySHA256: String) -> Key {
        guard let prior else { return .same }
        if prior.state == .failed { return .next }
        if !prior.mayHaveReachedPersona, let sent = prior.bodySHA256, sent != bodySHA256 { return .next }
        return .same
    }

    /// Whether a row that may have reached Persona is about to be sent with another body than
    /// its key went out with: Persona would refuse the key (409), and the earlier body may have
    /// created the inquiry. It is looked up first, and sent under a new key if nothing was.
    static func bodyChanged(prior: PriorAttempt?, bodySHA256: String) -> Bool {
        guard let prior, prior.mayHaveReachedPersona, let sent = prior.bodySHA256 else { return false }
        return sent != bodySHA256
    }

    // MARK: Before each attempt

    /// What to do before the next attempt of a row.
    enum BeforeAttempt: Equatable {
        /// Send (or resend) under the current key.
        case send
        /// Look the person up by reference-id first.
        case lookUp
        /// The outcome cannot be known, and resending could create a second inquiry.
        case indeterminate(reason: String)
    }

    /// - Parameters:
    ///   - outcomeUnknown: an earlier attempt may have created the inquiry without Persona
    ///     keeping the key's answer (a 5xx, a run that died with the row `sending`, a changed body,
    ///     another job's request for the person in flight).
    ///   - pastWindow: the key was first sent longer ago than Persona keeps keys.
    ///   - bodyChanged: see ``bodyChanged(prior:bodySHA256:)``.
    static func beforeAttempt(hasReferenceID: Bool, outcomeUnknown: Bool, pastWindow: Bool, bodyChanged: Bool) -> BeforeAttempt {
        if hasReferenceID { return outcomeUnknown || pastWindow || bodyChanged ? .lookUp : .send }
        if bodyChanged {
            return .indeterminate(reason: "sent before with another body (the mapping changed), and no reference-id to look it up by")
        }
        if pastWindow {
            return .indeterminate(reason: "sent with no final answer, past the idempotency window, and no reference-id to look it up by")
        }
        // Without a reference-id a resend under the same key within the window is the best there
        // is: Persona replays what it stored (docs/operating.md names the one case this can duplicate).
        return .send
    }

    // MARK: After a look-up

    /// Which of the inquiries a look-up found are this row's.
    enum Attribution: Equatable {
        case none
        case one(String)
        case several([String])
        /// More than one could be this row's (rows sharing a reference-id with the same fields),
        /// or the look-up stopped at its page cap: a person decides.
        case undecidable([String])
    }

    /// - Parameters:
    ///   - sent: the fields of the row's body.
    ///   - recordedForOthers: inquiries the ledger already holds for other rows (their own).
    ///   - allowDuplicates: rows may share the reference-id, so each found inquiry must be
    ///     matched to this row by what was sent; otherwise every inquiry is the person's.
    static func attribute(
        _ result: LookupResult, sent: [(key: String, value: String)], recordedForOthers: Set<String>, allowDuplicates: Bool
    ) -> Attribution {
        let ids = result.ids
        guard allowDuplicates else {
            if ids.count > 1 { return .several(ids) }
            guard result.complete else { return .undecidable(ids) }
            return ids.first.map(Attribution.one) ?? .none
        }
        let candidates = result.inquiries.filter { !recordedForOthers.contains($0.id) && $0.agrees(with: sent) }.map(\.id)
        guard result.complete else { return .undecidable(candidates) }
        switch candidates.count {
        case 0: return .none
        case 1: return .one(candidates[0])
        default: return .undecidable(candidates)
        }
    }

    /// What a look-up's attribution does to the row and to the person's rows in other jobs.
    struct Settlement: Equatable {
        /// The row's outcome; nil when it is to be sent (``rekey`` says under which key).
        var row: RowUpdate?
        /// Whether the row goes out under a new key: its own earlier request may hold a stored
        /// 5xx, and nothing was created under it.
        var rekey = false
        /// Updates to other jobs' rows for the person, by job.
        var others: [(job: Int64, update: RowUpdate)] = []

        static func == (lhs: Settlement, rhs: Settlement) -> Bool {
            lhs.row == rhs.row && lhs.rekey == rhs.rekey
                && lhs.others.map(\.job) == rhs.others.map(\.job) && lhs.others.map(\.update) == rhs.others.map(\.update)
        }
    }

    /// - Parameters:
    ///   - record, line, referenceID, attempts, job: the row's.
    ///   - ownMayHaveReached: a request of this row may have reached Persona (then a found
    ///     inquiry may be its own: `created`; otherwise it came from another job's request:
    ///     `already-imported`).
    ///   - inFlight: other jobs' rows for the person that may have reached Persona.
    static func settle(
        _ attribution: Attribution, record: Int, line: Int, referenceID: String, attempts: Int, job: Int64,
        ownMayHaveReached: Bool, inFlight: [HistoryEntry]
    ) -> Settlement {
        switch attribution {
        case .one(let id):
            let row: RowUpdate = ownMayHaveReached
                ? .created(record: record, inquiryID: id, requestID: nil, attempts: attempts)
                : .alreadyImported(record: record, line: line, referenceID: referenceID, inquiryID: id)
            return Settlement(row: row, others: inFlight.map {
                ($0.job, .created(record: $0.record, inquiryID: id, requestID: nil, attempts: 0))
            })
        case .several(let ids):
            return Settlement(
                row: .duplicateFound(record: record, inquiryIDs: ids, attempts: attempts),
                others: inFlight.map { ($0.job, .duplicateFound(record: $0.record, inquiryIDs: ids, attempts: 0)) })
        case .undecidable(let ids):
            let reason = ids.isEmpty
                ? "the look-up stopped at its page cap with nothing attributable to this row"
                : "\(ids.count) inquiries could be this row's (rows share its reference-id and fields): \(ids.joined(separator: ","))"
            return Settlement(row: .indeterminate(record: record, attempts: attempts, error: reason))
        case .none:
            return Settlement(
                row: nil, rekey: ownMayHaveReached,
                others: inFlight.map { ($0.job, .superseded(record: $0.record, byJob: job, byRecord: record)) })
        }
    }
}
