import PersonaWire

/// One fixed-window limit as this run sees it: how much of the window it has spent, how much
/// others have, and when the window ends. Pure state, driven by ``RateGate``; times are seconds
/// on one monotonic clock.
///
/// The server's window and ours are matched through the response headers:
/// - `RateLimit-Reset` (whole seconds, rounded up) bounds the window's end from above, so
///   `receivedAt + reset`, the smallest seen, never ends a window early;
/// - `limit - remaining` is what the server counted; what this run sent in the window up to the
///   answered request is subtracted, and the rest is what other clients of the environment spent.
struct RateWindow: Sendable {
    /// Requests per window: configured until the headers tell.
    private(set) var limit: Int
    /// The configured period: the window length assumed until a response says when it ends.
    let assumedPeriod: Double
    /// Share of each window left to other clients (`--headroom`), 0..<1.
    let headroom: Double
    /// Counts windows; a ticket names the window it was sent in.
    private(set) var epoch = 0
    /// Requests this run sent in the current window.
    private(set) var sent = 0
    /// The most the server has counted for other clients in this window.
    private(set) var othersSpent = 0
    /// Upper bound of the current window's end, once known.
    private(set) var endsAt: Double?
    /// No request goes out before this (a 429's wait).
    private(set) var pausedUntil: Double = 0
    /// True once a response with these headers arrived.
    private(set) var learned = false
    /// When the first request of the current window went out.
    private var openedAt: Double?

    init(limit: Int, period: Double, headroom: Double) {
        self.limit = max(1, limit)
        assumedPeriod = period
        self.headroom = min(max(headroom, 0), 0.99)
    }

    /// What this run may spend per window: the limit less the headroom, and less what others
    /// spent beyond the headroom.
    var budget: Int {
        let reserved = Int((Double(limit) * headroom).rounded(.up))
        return max(0, min(limit - reserved, limit - othersSpent))
    }

    /// Starts a new window when the current one has ended.
    mutating func roll(now: Double) {
        let end = endsAt ?? openedAt.map { $0 + assumedPeriod }
        guard let end, now >= end else { return }
        epoch += 1
        sent = 0
        othersSpent = 0
        endsAt = nil
        openedAt = nil
    }

    /// When a request may go out: nil now, else the earliest time worth checking again.
    func blockedUntil(now: Double) -> Double? {
        if pausedUntil > now { return pausedUntil }
        guard sent < budget else {
            // Spent: wait for the window's end (known, or assumed from when it opened).
            return endsAt ?? openedAt.map { $0 + assumedPeriod } ?? (now + assumedPeriod)
        }
        return nil
    }

    /// Counts a request going out; returns the window it goes out in.
    mutating func take(now: Double) -> Int {
        if openedAt == nil { openedAt = now }
        sent += 1
        return epoch
    }

    /// Learns from a response to a request sent in window `epoch`.
    ///
    /// What the server counted beyond everything this run has sent so far in the window is
    /// other clients' spending: a lower bound, so it never holds back budget that is free.
    mutating func observe(_ status: RateLimitStatus?, epoch sentEpoch: Int, receivedAt now: Double) {
        guard let status else { return }
        learned = true
        if status.limit > 0 { limit = status.limit }
        guard sentEpoch == epoch else { return }
        let end = now + Double(max(0, status.resetSeconds))
        endsAt = min(endsAt ?? end, end)
        othersSpent = max(othersSpent, status.limit - status.remaining - sent)
    }

    /// A 429 for this limit: nothing more goes out until `until`; the window counts as spent.
    mutating func pause(until: Double, epoch sentEpoch: Int) {
        pausedUntil = max(pausedUntil, until)
        if sentEpoch == epoch {
            othersSpent = max(othersSpent, limit - sent)
            endsAt = min(endsAt ?? until, until)
        }
    }
}
