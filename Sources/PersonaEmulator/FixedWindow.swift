import Foundation
import PersonaWire

/// A fixed-window counter: the window opens with the first request and the count resets when
/// the next window starts, as Persona describes its rate limit.
struct FixedWindow: Sendable {
    let rule: RateLimitRule
    private var start: Date?
    private var count = 0

    init(rule: RateLimitRule) { self.rule = rule }

    /// Counts one request if the window has room.
    mutating func take(at now: Date) -> (allowed: Bool, status: RateLimitStatus) {
        roll(to: now)
        if count < rule.limit {
            count += 1
            return (true, status(at: now))
        }
        return (false, status(at: now))
    }

    /// The current status without counting anything.
    mutating func peek(at now: Date) -> RateLimitStatus {
        roll(to: now)
        return status(at: now)
    }

    private mutating func roll(to now: Date) {
        let period = rule.period.seconds
        guard let start else {
            self.start = now
            count = 0
            return
        }
        if now.timeIntervalSince(start) >= period {
            // Windows are aligned to the first one, so a quiet spell skips whole windows.
            let elapsed = now.timeIntervalSince(start)
            self.start = start + (elapsed / period).rounded(.down) * period
            count = 0
        }
    }

    private func status(at now: Date) -> RateLimitStatus {
        let end = (start ?? now) + rule.period.seconds
        let reset = max(0, Int(end.timeIntervalSince(now).rounded(.up)))
        return RateLimitStatus(limit: rule.limit, remaining: max(0, rule.limit - count), resetSeconds: reset)
    }
}
