/// One window of a limit as the response headers describe it: how many requests the window
/// allows, how many are left, and how many seconds until it resets.
public struct RateLimitStatus: Sendable, Equatable {
    /// Requests (or creations, for a quota) allowed per window.
    public var limit: Int
    /// Requests left in the current window.
    public var remaining: Int
    /// Seconds until the window resets.
    public var resetSeconds: Int

    /// Creates a status from its three numbers.
    public init(limit: Int, remaining: Int, resetSeconds: Int) {
        self.limit = limit
        self.remaining = remaining
        self.resetSeconds = resetSeconds
    }

    /// Reads `RateLimit-Limit`, `-Remaining` and `-Reset`; nil when any is absent or not a number
    /// in ``plausibleRange``.
    ///
    /// - Parameter header: looks a header up by name (case-insensitively, as HTTP does).
    public static func rateLimit(from header: (String) -> String?) -> RateLimitStatus? {
        parse(header, PersonaHeader.rateLimitLimit, PersonaHeader.rateLimitRemaining, PersonaHeader.rateLimitReset)
    }

    /// Reads the creation quota from `Quota-*`, or else from `QuotaLimit-*` (both are documented).
    ///
    /// - Parameter header: looks a header up by name (case-insensitively, as HTTP does).
    public static func quota(from header: (String) -> String?) -> RateLimitStatus? {
        parse(header, PersonaHeader.quotaLimit, PersonaHeader.quotaRemaining, PersonaHeader.quotaReset)
            ?? parse(header, PersonaHeader.quotaLimitAlt, PersonaHeader.quotaRemainingAlt, PersonaHeader.quotaResetAlt)
    }

    /// Reads `Retry-After` given in seconds; nil when absent or not a number in
    /// ``plausibleRange`` (the HTTP-date form is not used by Persona).
    public static func retryAfterSeconds(from header: (String) -> String?) -> Double? {
        guard let raw = header(PersonaHeader.retryAfter), let seconds = Double(trimmed(raw)),
              seconds >= 0, seconds <= Double(plausibleRange.upperBound) else { return nil }
        return seconds
    }

    /// What a limit header may hold: a count or a number of seconds, 0 to 10⁹ (31 years). A
    /// value outside it (negative, or near `Int.max`, so that arithmetic on it would overflow) is
    /// not believed: the header counts as absent. Found by the `client-response` fuzz target.
    public static let plausibleRange = 0...1_000_000_000

    private static func parse(
        _ header: (String) -> String?, _ limitName: String, _ remainingName: String, _ resetName: String
    ) -> RateLimitStatus? {
        func number(_ name: String) -> Int? {
            guard let value = header(name).flatMap({ Int(trimmed($0)) }), plausibleRange.contains(value) else { return nil }
            return value
        }
        guard let limit = number(limitName), let remaining = number(remainingName), let reset = number(resetName) else { return nil }
        return RateLimitStatus(limit: limit, remaining: remaining, resetSeconds: reset)
    }

    private static func trimmed(_ value: String) -> Substring {
        var text = Substring(value)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}

/// Everything the limit headers of one response say.
public struct RateLimitHeaders: Sendable, Equatable {
    /// The request rate limit (`RateLimit-*`).
    public var rateLimit: RateLimitStatus?
    /// The creation quota (`Quota-*` or `QuotaLimit-*`).
    public var quota: RateLimitStatus?
    /// `Retry-After` in seconds.
    public var retryAfterSeconds: Double?

    /// Reads all three from a header lookup (case-insensitive by name).
    public init(header: (String) -> String?) {
        rateLimit = RateLimitStatus.rateLimit(from: header)
        quota = RateLimitStatus.quota(from: header)
        retryAfterSeconds = RateLimitStatus.retryAfterSeconds(from: header)
    }
}
