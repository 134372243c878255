import ImportLedger

/// One-time links nobody has used yet (the person has not started: the inquiry is still
/// `created`, or its status was never read), by whether they expire soon or already did: what
/// an operator alerts on before a mailing's links run out.
public struct UnusedLinks: Sendable, Equatable {
    /// Unused and expiring within the window.
    public var expiring = 0
    /// Unused and already expired (`persona-import links` issues fresh ones).
    public var expired = 0

    public init(expiring: Int = 0, expired: Int = 0) {
        self.expiring = expiring
        self.expired = expired
    }

    /// Counts `links` (by inquiry id) whose inquiry has not started by `statuses`, at `now`,
    /// with `window` seconds counting as "soon".
    public static func count(
        links: [String: OneTimeLink], statuses: [String: InquiryStatusRecord], now: Double, window: Double = 24 * 3600
    ) -> UnusedLinks {
        var result = UnusedLinks()
        for (inquiryID, link) in links {
            let status = statuses[inquiryID]?.status ?? "created"
            guard status == "created" else { continue }
            if link.expiresAt <= now {
                result.expired += 1
            } else if link.expiresAt <= now + window {
                result.expiring += 1
            }
        }
        return result
    }
}
