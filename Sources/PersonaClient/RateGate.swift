import Foundation
import ImportCore
import PersonaWire

/// The one pacing gate every worker passes before each request.
///
/// It starts from the configured rate (`--rate-limit`), learns the real limit from each
/// response's `RateLimit-*` and quota headers, and lets a request out only while the current
/// window has budget for it, counting requests still in flight. Until the first response tells
/// the real limit, one request at a time goes out. A 429 (or a 403 quota) pauses every worker
/// until the window resets: `Retry-After` when present, else the reset header, else
/// exponential backoff with full jitter.
public final class RateGate: @unchecked Sendable {
    // @unchecked: every stored var is guarded by `condition`.

    /// Proof of passage: which windows the request was counted in.
    public struct Ticket: Sendable {
        let rateEpoch: Int
        let quotaEpoch: Int?
        let isCreate: Bool
    }

    private let condition = NSCondition()
    private var rate: RateWindow
    private var quota: RateWindow?
    private let headroom: Double
    private var inFlight = 0
    private var cancelled = false
    private var consecutiveLimited = 0
    private let backoff: Backoff
    private let start = ContinuousClock.now

    /// - Parameters:
    ///   - limit: requests per `period` assumed until the headers tell.
    ///   - period: the window length in seconds.
    ///   - headroom: share of each window left to the environment's other clients (0..<1).
    public init(limit: Int, period: Double, headroom: Double = 0, backoff: Backoff = Backoff(base: 1, cap: 60)) {
        rate = RateWindow(limit: limit, period: period, headroom: headroom)
        self.headroom = headroom
        self.backoff = backoff
    }

    /// Seconds since the gate was made, on a monotonic clock.
    private var now: Double { (ContinuousClock.now - start).seconds }

    /// Blocks until a request may go out and counts it; nil once ``cancel()`` was called.
    /// `isCreate` requests also spend the creation quota.
    public func acquire(isCreate: Bool) -> Ticket? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if cancelled { return nil }
            let time = now
            rate.roll(now: time)
            quota?.roll(now: time)
            var until = rate.blockedUntil(now: time)
            if isCreate, let quotaUntil = quota?.blockedUntil(now: time) { until = max(until ?? 0, quotaUntil) }
            // Until a response tells the real limit, one request at a time.
            let probing = !rate.learned && inFlight > 0
            if until == nil && !probing {
                inFlight += 1
                let rateEpoch = rate.take(now: time)
                let quotaEpoch = isCreate ? quota?.take(now: time) : nil
                return Ticket(rateEpoch: rateEpoch, quotaEpoch: quotaEpoch, isCreate: isCreate)
            }
            if let until {
                _ = condition.wait(until: Date(timeIntervalSinceNow: max(0.001, until - time)))
            } else {
                condition.wait()
            }
        }
    }

    /// Reports the answer to a ticket's request. `limitedBy` is set for a 429 or a 403 quota:
    /// `.quota` when its title was "Quota exceeded", else `.rate`.
    public func complete(_ ticket: Ticket, limits: RateLimitHeaders, limitedBy: LimitKind? = nil) {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        inFlight -= 1
        let time = now
        rate.observe(limits.rateLimit, epoch: ticket.rateEpoch, receivedAt: time)
        if let status = limits.quota {
            if quota == nil { quota = RateWindow(limit: status.limit, period: Double(max(1, status.resetSeconds)), headroom: 0) }
            quota?.observe(status, epoch: ticket.quotaEpoch ?? -1, receivedAt: time)
        }
        guard let kind = limitedBy else {
            consecutiveLimited = 0
            return
        }
        consecutiveLimited += 1
        let status = kind == .quota ? limits.quota : limits.rateLimit
        let wait = limits.retryAfterSeconds
            ?? status.map { Double(max(1, $0.resetSeconds)) }
            ?? backoff.delay(attempt: consecutiveLimited)
        switch kind {
        case .rate: rate.pause(until: time + wait, epoch: ticket.rateEpoch)
        case .quota:
            if quota == nil { quota = RateWindow(limit: Int.max / 2, period: wait, headroom: 0) }
            quota?.pause(until: time + wait, epoch: ticket.quotaEpoch ?? -1)
        }
    }

    /// Wakes every waiter; ``acquire(isCreate:)`` returns nil from now on.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Seconds until requests may go out again when the gate is holding them back for a
    /// limit, else nil (for progress lines).
    public var waitRemaining: Double? {
        condition.lock()
        defer { condition.unlock() }
        let time = now
        let until = max(rate.blockedUntil(now: time) ?? 0, quota?.blockedUntil(now: time) ?? 0)
        return until > time ? until - time : nil
    }

    /// The limit in force: requests per window as last learned.
    public var currentLimit: Int {
        condition.lock()
        defer { condition.unlock() }
        return rate.limit
    }
}

/// Which limit a 429 (or 403 quota) was about.
public enum LimitKind: Sendable {
    case rate
    case quota
}
