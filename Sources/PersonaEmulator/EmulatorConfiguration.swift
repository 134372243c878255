import PersonaWire

/// Everything that shapes one emulator: where it listens, which keys it accepts, its limits
/// and the faults it injects. Every property has the default the executable uses.
public struct EmulatorConfiguration: Sendable {
    /// The sandbox key accepted when no key is configured.
    public static let defaultAPIKey = "persona_sandbox_00000000-0000-4000-8000-000000000000"
    /// The environment variable the executable reads keys from (comma-separated).
    public static let apiKeysEnvironmentVariable = "PERSONA_EMULATOR_API_KEYS"

    /// The address to bind, default `127.0.0.1`.
    public var host: String = "127.0.0.1"
    /// The port to bind; 0 picks a free one.
    public var port: Int = 0
    /// When set, ``PersonaEmulator/runUntilSignalled()`` writes the bound port here atomically.
    public var portFile: String?
    /// Keys with full permissions.
    public var apiKeys: [String] = [EmulatorConfiguration.defaultAPIKey]
    /// Keys without `inquiry.write`: they may read but a create gets 403.
    public var readOnlyKeys: [String] = []
    /// The API version of a request that sends no `Persona-Version`: the version a key is
    /// configured with in Persona's dashboard, where new keys get the newest.
    public var defaultVersion: PersonaVersion = .newest
    /// The response key case when a request sends no `Key-Inflection`.
    public var defaultKeyInflection: KeyInflection = .kebab
    /// Globs over kebab-case attribute names (e.g. `name-*`) stripped from responses,
    /// including inside `fields`.
    public var attributeBlocklist: [String] = []
    /// The request rate limit over all authenticated requests, all keys together.
    public var rateLimit = RateLimitRule(limit: PersonaRateLimit.defaultLimit, period: .seconds(PersonaRateLimit.defaultPeriodSeconds))
    /// An extra limit on inquiry creation (`Quota-*` headers, 429 "Quota exceeded"); nil for none.
    public var creationQuota: RateLimitRule?
    /// The status of a create refused by ``creationQuota``: 429 (default) or 403, both of which
    /// Persona documents with the title "Quota exceeded".
    public var quotaExceededStatus: QuotaExceededStatus = .tooManyRequests
    /// How the quota headers are spelled: `Quota-Limit/Remaining/Reset` (default) or
    /// `QuotaLimit-Limit/Remaining/Reset`; Persona documents both.
    public var quotaHeaderSpelling: QuotaHeaderSpelling = .quota
    /// Whether 429 responses carry `Retry-After` (Persona does not document it).
    public var sendsRetryAfter = false
    /// Field keys (kebab-case) the inquiry template does not have: a create that fills one is
    /// refused with a 422, as Persona refuses a field its template lacks.
    public var refusedFields: Set<String> = []
    /// How long an `Idempotency-Key` is remembered.
    public var idempotencyTTL: Duration = .seconds(24 * 3600)
    /// Injected faults.
    public var faults = FaultConfiguration()
    /// Seed for the fault dice; nil seeds from the system generator.
    public var seed: UInt64?
    /// The time source; tests pass a ``ManualEmulatorClock``.
    public var clock: any EmulatorClock = SystemEmulatorClock()
    /// Where signed inquiry events are sent when inquiries are created or move; nil for none.
    public var webhook: WebhookTarget?
    /// The largest request body accepted.
    public var maxBodyBytes = 1 << 20

    /// The default configuration.
    public init() {}
}

/// A fixed-window limit: `limit` requests per `period`, written `300/60s`.
public struct RateLimitRule: Sendable, Equatable, CustomStringConvertible {
    /// Requests allowed per window.
    public var limit: Int
    /// The window length.
    public var period: Duration

    /// Creates a rule.
    public init(limit: Int, period: Duration) {
        self.limit = limit
        self.period = period
    }

    /// `300/60s` style.
    public var description: String { "\(limit)/\(period.seconds)s" }
}

/// Faults injected into `POST /api/v1/inquiries`; each probability is 0...1.
public struct FaultConfiguration: Sendable, Equatable {
    /// A 500, 502 or 503 before anything is created (never stored under the Idempotency-Key:
    /// it models a failure in front of the application).
    public var serverError: Double = 0
    /// The connection is closed with no response before anything is created.
    public var dropBefore: Double = 0
    /// The inquiry is created and stored under the Idempotency-Key, then the connection is
    /// closed with no response.
    public var dropAfterCommit: Double = 0
    /// The inquiry is created, a 500 returned and nothing stored under the Idempotency-Key.
    public var serverErrorAfterCommit: Double = 0
    /// A 500 that is stored under the Idempotency-Key and replayed to every later request with
    /// that key until it expires. A die drawn per request puts half of them after the inquiry
    /// was created and stored (it exists, yet its key answers 500 for good) and half before
    /// anything is created. A request that fails validation has nothing to commit, so only the
    /// before half can hit it.
    public var serverErrorStored: Double = 0
    /// Added latency for every API request, uniform in 50%...150% of this; nil for none.
    public var latency: Duration?

    /// No faults.
    public init() {}
}
