import Foundation
import InputReaders
import PersonaClient

/// What `persona-import run` needs beyond reading and mapping.
public struct ImportOptions: Sendable {
    /// Input, reader, rejects file, map workers and batch size, as for `validate`.
    public var validation: ValidationOptions
    /// The mapping and schema files as named (part of the job's identity).
    public var mappingFile: String?
    public var schemaFile: String?
    /// Workers sending requests at once.
    public var concurrency = 8
    /// Send rows that failed in an earlier run again.
    public var retryFailed = false
    /// Read, map, validate and consult the ledger; send nothing, write no ledger.
    public var dryRun = false
    /// Write rejected rows to the rejects file (off for the plan that precedes a run).
    public var writesRejects = true
    /// Let several rows share one reference-id (each gets its own inquiry).
    public var allowDuplicateReferenceIDs = false
    /// Requests per `ratePeriod` seconds assumed until Persona's headers tell the real limit.
    public var rateLimit = 300
    public var ratePeriod: Double = 60
    /// Share of each rate-limit window left to other clients of the environment, 0..<1.
    public var headroom: Double = 0
    /// When to stop taking new rows.
    public var timeLimit: Duration?
    /// How long after a key was first sent a resend under it is trusted to be replayed rather
    /// than create again (Persona keeps keys at least 24 h; an older page said 1 h). Past it, a
    /// row is looked up by reference-id first.
    public var idempotencyWindow: Double = 3600
    /// Reconciliation looks for inquiries created this long before the row's first attempt
    /// (clock differences between this machine and Persona).
    public var reconcileMargin: Double = 600
    /// Reject valid rows without a reference-id (they could not be reconciled).
    public var requireReferenceID = false
    /// Seconds an unreachable ledger (a PostgreSQL restart) is retried before the run stops.
    public var ledgerPatience: Double = 30
    /// Start a new job although an unfinished job of the same input path had other contents.
    public var startNewJob = false
    public var retry = RetryPolicy()

    public init(validation: ValidationOptions) {
        self.validation = validation
    }
}

/// How often a row is tried before the run gives up on it for now.
public struct RetryPolicy: Sendable {
    /// Attempts when the answer is a 5xx (the outcome is unknown).
    public var serverErrorAttempts = 5
    /// Attempts when there is no answer at all.
    public var networkAttempts = 8
    /// 429s one row may receive before the run stops trying it (the row stays resumable).
    public var rateLimitedRetries = 500
    /// Waits between attempts.
    public var backoff = Backoff(base: 0.5, cap: 30)

    public init() {}
}
