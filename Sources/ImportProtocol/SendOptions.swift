import PersonaClient
import PersonaWire

/// How the create stage sends: its workers, the rate it assumes, and the protocol's windows.
public struct SendOptions: Sendable {
    /// Workers sending requests at once.
    public var concurrency = 8
    /// Requests per `ratePeriod` seconds assumed until Persona's headers tell the real limit
    /// (Persona's default: 300 a minute).
    public var rateLimit = PersonaRateLimit.defaultLimit
    public var ratePeriod = Double(PersonaRateLimit.defaultPeriodSeconds)
    /// Share of each rate-limit window left to other clients of the environment, 0..<1.
    public var headroom: Double = 0
    /// How long after a key was first sent a resend under it is trusted to be replayed rather
    /// than create again (Persona keeps keys at least 24 h; an older page said 1 h). Past it, a
    /// row is looked up by reference-id first.
    public var idempotencyWindow: Double = 3600
    /// Reconciliation looks for inquiries created this long before the row's first attempt
    /// (clock differences between this machine and Persona).
    public var reconcileMargin: Double = 600
    /// Seconds an unreachable ledger (a PostgreSQL restart) is retried before the run stops.
    public var ledgerPatience: Double = 30
    /// Rows refused for good in a row (no create between them) that stop the run; nil never
    /// stops (`--max-failures 0`).
    public var maxConsecutiveRefusals: Int? = 50
    /// Let several rows share one reference-id (each gets its own inquiry).
    public var allowDuplicateReferenceIDs = false
    /// `--one-time-links`: each create asks for a one-time link, which the ledger keeps.
    public var oneTimeLinks = false
    public var retry = RetryPolicy()

    public init() {}

    /// Requests per second the run may spend: the assumed rate less the headroom.
    public var allowedRate: Double { Double(rateLimit) * (1 - headroom) / ratePeriod }
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
