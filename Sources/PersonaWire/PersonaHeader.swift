/// Header names of Persona's API, spelled as Persona documents them (HTTP compares them
/// case-insensitively).
public enum PersonaHeader {
    /// `Authorization: Bearer <key>`.
    public static let authorization = "Authorization"
    /// Pins the API version; see ``PersonaVersion``.
    public static let personaVersion = "Persona-Version"
    /// Picks the case of response keys; see ``KeyInflection``.
    public static let keyInflection = "Key-Inflection"
    /// Makes a POST safe to retry.
    public static let idempotencyKey = "Idempotency-Key"
    /// Persona's id of one request (`req_…`), for support cases.
    public static let requestID = "Request-Id"
    /// Requests allowed in the current rate-limit window.
    public static let rateLimitLimit = "RateLimit-Limit"
    /// Requests left in the current rate-limit window.
    public static let rateLimitRemaining = "RateLimit-Remaining"
    /// Seconds until the rate-limit window resets.
    public static let rateLimitReset = "RateLimit-Reset"
    /// Creations allowed in the current quota period.
    public static let quotaLimit = "Quota-Limit"
    /// Creations left in the current quota period.
    public static let quotaRemaining = "Quota-Remaining"
    /// Seconds until the quota period resets.
    public static let quotaReset = "Quota-Reset"
    /// The other documented spelling of ``quotaLimit``.
    public static let quotaLimitAlt = "QuotaLimit-Limit"
    /// The other documented spelling of ``quotaRemaining``.
    public static let quotaRemainingAlt = "QuotaLimit-Remaining"
    /// The other documented spelling of ``quotaReset``.
    public static let quotaResetAlt = "QuotaLimit-Reset"
    /// Seconds to wait before retrying (not documented by Persona; honoured when present).
    public static let retryAfter = "Retry-After"
}
