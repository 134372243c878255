import Foundation

/// What identifies an import job: the same input, mapping, schema and template resume the
/// same job. Built by the pipeline; the ledger stores it.
public struct JobDescription: Sendable, Equatable {
    /// SHA-256 (hex) over everything that decides which requests the job sends.
    public var fingerprint: String
    /// The input as the user named it.
    public var inputPath: String
    /// SHA-256 (hex) of the input file's bytes.
    public var inputSHA256: String
    /// The input's size in bytes.
    public var inputBytes: Int64
    /// The template id every inquiry is created from.
    public var template: String

    public init(fingerprint: String, inputPath: String, inputSHA256: String, inputBytes: Int64, template: String) {
        self.fingerprint = fingerprint
        self.inputPath = inputPath
        self.inputSHA256 = inputSHA256
        self.inputBytes = inputBytes
        self.template = template
    }
}

/// A job as the ledger holds it.
public struct JobRecord: Sendable, Equatable {
    /// The ledger's id for the job.
    public var id: Int64
    public var description: JobDescription
    /// When the job was first started (seconds since 1970).
    public var createdAt: Double
    /// When a run last read the whole input and left no row to send; nil while work is left.
    public var completedAt: Double?
    /// True when this call created the job (a first run rather than a resume).
    public var isNew: Bool

    public init(id: Int64, description: JobDescription, createdAt: Double, completedAt: Double?, isNew: Bool) {
        self.id = id
        self.description = description
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.isNew = isNew
    }
}

/// A row whose request is about to go out: written and committed before it is sent.
public struct SendIntent: Sendable, Equatable {
    public var record: Int
    public var line: Int
    public var referenceID: String?
    /// The Idempotency-Key every attempt of this request carries.
    public var idempotencyKey: String
    /// 0 for the row's first key; one more each time reconciliation found nothing and the row
    /// is sent under a new key.
    public var keyGeneration: Int
    /// SHA-256 (hex) of the request body.
    public var bodySHA256: String
    /// When the row was first attempted (seconds since 1970); the ledger keeps the earliest.
    public var firstAttemptAt: Double

    public init(
        record: Int, line: Int, referenceID: String?, idempotencyKey: String, keyGeneration: Int = 0, bodySHA256: String,
        firstAttemptAt: Double
    ) {
        self.record = record
        self.line = line
        self.referenceID = referenceID
        self.idempotencyKey = idempotencyKey
        self.keyGeneration = keyGeneration
        self.bodySHA256 = bodySHA256
        self.firstAttemptAt = firstAttemptAt
    }
}

/// What happened to one row, for the ledger to record.
public enum RowUpdate: Sendable, Equatable {
    /// Mapping or validation rejected the row; `reasons` never quote field values.
    case rejected(record: Int, line: Int, referenceID: String?, reasons: [String])
    /// Persona created its inquiry.
    /// `link`: the one-time link the create's answer carried (`run --one-time-links`); the
    /// recorder keeps it beside the row (``InquiryLinkStore``), the row itself never holds it.
    case created(record: Int, inquiryID: String, requestID: String?, attempts: Int, link: OneTimeLink? = nil)
    /// Persona refused it for good, or retries ran out.
    case failed(record: Int, error: String, requestID: String?, attempts: Int)
    /// The run stopped before the row was sent: back to `pending`, unless an earlier run had
    /// left it `sending` (its request may have reached Persona): then it stays `sending`, and
    /// the next run looks it up first. The ledger keeps that fact itself (``SendIntent``).
    case unsent(record: Int)
    /// The row was sent but no final answer came (stopped, or retries ran out on network
    /// errors or 5xx): it stays `sending`. `lastStatus` is the last answer's HTTP status (0: none),
    /// so the next run knows whether a 5xx calls for reconciliation first.
    case interrupted(record: Int, attempts: Int, error: String?, lastStatus: Int)
    /// Reconciliation found several inquiries for the row.
    case duplicateFound(record: Int, inquiryIDs: [String], attempts: Int)
    /// Another job of this ledger found several inquiries for the row's reference-id: not sent,
    /// left for a person with those inquiries.
    case duplicateElsewhere(record: Int, line: Int, referenceID: String, inquiryIDs: [String])
    /// The outcome cannot be known (no reference-id, past the window): not resent.
    case indeterminate(record: Int, attempts: Int, error: String)
    /// Another job of this ledger already created an inquiry for the row's reference-id.
    case alreadyImported(record: Int, line: Int, referenceID: String, inquiryID: String)
    /// Reconciliation found no inquiry: back to `pending` under a new key (never the old one,
    /// which may hold a stored 5xx), so the next run sends it.
    case rekeyed(record: Int, idempotencyKey: String, keyGeneration: Int)
    /// A look-up found nothing for this row of an earlier job, and `record` of job `byJob` (a
    /// later job's row for the same person) is sent instead: this row is never sent on its own.
    case superseded(record: Int, byJob: Int64, byRecord: Int)

    /// The record the update is about.
    public var record: Int {
        switch self {
        case .rejected(let record, _, _, _), .created(let record, _, _, _, _), .failed(let record, _, _, _),
             .unsent(let record), .interrupted(let record, _, _, _), .duplicateFound(let record, _, _),
             .duplicateElsewhere(let record, _, _, _), .indeterminate(let record, _, _),
             .alreadyImported(let record, _, _, _), .rekeyed(let record, _, _), .superseded(let record, _, _):
            record
        }
    }
}

/// A row that was sent before and is not final: what a resume needs to send it the same way.
public struct PriorAttempt: Sendable, Equatable {
    public var state: RowState
    public var idempotencyKey: String
    public var keyGeneration: Int
    public var bodySHA256: String?
    public var attempts: Int
    /// When the row was first attempted, under any key.
    public var firstAttemptAt: Double
    /// When the current key was first sent (the idempotency window counts from here).
    public var keySentAt: Double
    /// The last answer's HTTP status, 0 for none.
    public var lastStatus: Int

    /// Whether a request for this row may have reached Persona without a final answer being
    /// recorded: the ledger holds it `sending` (a row that may have reached Persona is never put
    /// back to `pending`; see ``RowWrite``).
    public var mayHaveReachedPersona: Bool { state == .sending }

    public init(
        state: RowState, idempotencyKey: String, keyGeneration: Int = 0, bodySHA256: String?, attempts: Int,
        firstAttemptAt: Double, keySentAt: Double? = nil, lastStatus: Int = 0
    ) {
        self.state = state
        self.idempotencyKey = idempotencyKey
        self.keyGeneration = keyGeneration
        self.bodySHA256 = bodySHA256
        self.attempts = attempts
        self.firstAttemptAt = firstAttemptAt
        self.keySentAt = keySentAt ?? firstAttemptAt
        self.lastStatus = lastStatus
    }
}

/// What a run needs from the ledger before it starts: rows to skip and rows to resend.
public struct ResumePlan: Sendable {
    /// Rows that are final for this run: nothing is sent for them.
    public var skip = RecordSet()
    /// Rows attempted before and not final, by record number.
    public var prior: [Int: PriorAttempt] = [:]

    public init() {}
}

/// A person's row in some job of the ledger, found by reference-id: what decides whether a row
/// about to be sent must wait for, or follow, what another job did for the same person.
public struct HistoryEntry: Sendable, Equatable {
    public var job: Int64
    public var record: Int
    public var state: RowState
    /// The inquiry (for `duplicate-found`, every inquiry found, comma-separated).
    public var inquiryID: String?
    /// When the row was first attempted (seconds since 1970), if ever.
    public var firstAttemptAt: Double?

    public init(job: Int64, record: Int, state: RowState, inquiryID: String?, firstAttemptAt: Double?) {
        self.job = job
        self.record = record
        self.state = state
        self.inquiryID = inquiryID
        self.firstAttemptAt = firstAttemptAt
    }

    /// The states ``Ledger/history(referenceIDs:)`` reports: an inquiry known, several known, or
    /// a request that may have reached Persona with no final answer. (`pending`, `failed`,
    /// `rejected` and `superseded` rows say nothing about what Persona holds.)
    public static let reportedStates: [RowState] = [.created, .alreadyImported, .duplicateFound, .sending, .indeterminate]
}

/// One row of a job as the ledger holds it (for export and tests).
public struct LedgerRow: Sendable, Equatable {
    public var record: Int
    public var line: Int
    public var referenceID: String?
    public var state: RowState
    public var idempotencyKey: String?
    /// The inquiry (for `duplicate-found`, every inquiry found, comma-separated).
    public var inquiryID: String?
    public var requestID: String?
    public var attempts: Int
    public var error: String?
    public var jobID: Int64 = 0
    public var keyGeneration = 0
    /// When the row was first attempted (seconds since 1970), if ever.
    public var firstAttemptAt: Double?

    public init(
        record: Int, line: Int, referenceID: String?, state: RowState, idempotencyKey: String?,
        inquiryID: String?, requestID: String?, attempts: Int, error: String?
    ) {
        self.record = record
        self.line = line
        self.referenceID = referenceID
        self.state = state
        self.idempotencyKey = idempotencyKey
        self.inquiryID = inquiryID
        self.requestID = requestID
        self.attempts = attempts
        self.error = error
    }
}

/// Rows per state.
public struct StateCounts: Sendable, Equatable {
    public var counts: [RowState: Int] = [:]

    public init(_ counts: [RowState: Int] = [:]) { self.counts = counts }

    public subscript(state: RowState) -> Int { counts[state] ?? 0 }
    /// Every row the ledger knows for the job.
    public var total: Int { counts.values.reduce(0, +) }
}

/// A job with its counts, for `persona-import status`.
public struct JobStatus: Sendable, Equatable {
    public var job: JobRecord
    /// When a run last touched it (seconds since 1970).
    public var updatedAt: Double
    public var counts: StateCounts

    public init(job: JobRecord, updatedAt: Double, counts: StateCounts) {
        self.job = job
        self.updatedAt = updatedAt
        self.counts = counts
    }
}
