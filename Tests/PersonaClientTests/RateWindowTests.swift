@testable import PersonaClient
import PersonaWire
import Testing

@Suite struct RateWindowTests {
    @Test func spendsExactlyTheLimitThenWaitsForTheWindowsEnd() {
        var window = RateWindow(limit: 300, period: 60, headroom: 0)
        // The first answer tells the real limit (10) and that the window ends 2 s from now.
        let epoch = window.take(now: 0)
        window.observe(RateLimitStatus(limit: 10, remaining: 9, resetSeconds: 2), epoch: epoch, receivedAt: 0.01)
        for _ in 1..<10 {
            #expect(window.blockedUntil(now: 0.02) == nil)
            _ = window.take(now: 0.02)
        }
        #expect(window.blockedUntil(now: 0.03) == 2.01, "spent: wait for the reset")
        window.roll(now: 1.5)
        #expect(window.sent == 10, "no new window before the reset")
        window.roll(now: 2.01)
        #expect(window.sent == 0)
        #expect(window.blockedUntil(now: 2.01) == nil)
    }

    @Test func theSmallestResetSeenBoundsTheWindowsEnd() {
        var window = RateWindow(limit: 100, period: 2, headroom: 0)
        let epoch = window.take(now: 0)
        window.observe(RateLimitStatus(limit: 100, remaining: 99, resetSeconds: 2), epoch: epoch, receivedAt: 0.1)
        window.observe(RateLimitStatus(limit: 100, remaining: 98, resetSeconds: 1), epoch: epoch, receivedAt: 0.95)
        #expect(window.endsAt == 1.95)
    }

    @Test func headroomLeavesItsShareOfEachWindowToOthers() {
        let window = RateWindow(limit: 100, period: 2, headroom: 0.2)
        #expect(window.budget == 80)
    }

    @Test func othersSpendingBeyondTheHeadroomShrinksTheBudget() {
        var window = RateWindow(limit: 100, period: 2, headroom: 0.2)
        let epoch = window.take(now: 0)
        // The server counted 31 requests when this run had sent 1: others spent 30.
        window.observe(RateLimitStatus(limit: 100, remaining: 69, resetSeconds: 2), epoch: epoch, receivedAt: 0.01)
        #expect(window.othersSpent == 30)
        #expect(window.budget == 70)
        // Others within the headroom change nothing.
        var calm = RateWindow(limit: 100, period: 2, headroom: 0.2)
        let calmEpoch = calm.take(now: 0)
        calm.observe(RateLimitStatus(limit: 100, remaining: 89, resetSeconds: 2), epoch: calmEpoch, receivedAt: 0.01)
        #expect(calm.budget == 80)
    }

    @Test func requestsInFlightAreNeverMistakenForOthers() {
        var window = RateWindow(limit: 100, period: 2, headroom: 0)
        var epoch = 0
        for _ in 0..<8 { epoch = window.take(now: 0) }
        // Answers in any order: the server never counted more than this run sent.
        for remaining in [95, 99, 92, 97] {
            window.observe(RateLimitStatus(limit: 100, remaining: remaining, resetSeconds: 2), epoch: epoch, receivedAt: 0.01)
        }
        #expect(window.othersSpent <= 0)
        #expect(window.budget == 100)
    }

    @Test func answersFromAnEarlierWindowDoNotMoveTheCurrentOne() {
        var window = RateWindow(limit: 10, period: 1, headroom: 0)
        let old = window.take(now: 0)
        window.observe(RateLimitStatus(limit: 10, remaining: 9, resetSeconds: 1), epoch: old, receivedAt: 0.01)
        window.roll(now: 1.02)
        let current = window.take(now: 1.02)
        window.observe(RateLimitStatus(limit: 10, remaining: 0, resetSeconds: 0), epoch: old, receivedAt: 1.03)
        #expect(window.endsAt == nil)
        #expect(window.othersSpent == 0)
        window.observe(RateLimitStatus(limit: 10, remaining: 9, resetSeconds: 1), epoch: current, receivedAt: 1.04)
        #expect(window.endsAt == 2.04)
    }

    @Test func aPauseHoldsEverythingBackAndSpendsTheWindow() {
        var window = RateWindow(limit: 10, period: 1, headroom: 0)
        let epoch = window.take(now: 0)
        window.pause(until: 5, epoch: epoch)
        #expect(window.blockedUntil(now: 1) == 5)
        window.roll(now: 5)
        #expect(window.blockedUntil(now: 5) == nil)
    }

    /// Found by the `client-response` fuzz target: `RateLimit-Remaining: -9223372036854775808`
    /// made the window's arithmetic overflow, which crashed the run.
    @Test(arguments: [
        ["ratelimit-limit": "9223372036854775807", "ratelimit-remaining": "-9223372036854775808", "ratelimit-reset": "1"],
        ["ratelimit-limit": "1", "ratelimit-remaining": "-1", "ratelimit-reset": "1"],
        ["ratelimit-limit": "1000000001", "ratelimit-remaining": "0", "ratelimit-reset": "1"],
        ["ratelimit-limit": "10", "ratelimit-remaining": "0", "ratelimit-reset": "9223372036854775807"],
    ])
    func limitHeadersOutsideThePlausibleRangeAreNotBelieved(_ headers: [String: String]) {
        let limits = RateLimitHeaders { headers[$0.lowercased()] }
        #expect(limits.rateLimit == nil, "\(headers)")
        let gate = RateGate(limit: 300, period: 60)
        guard let ticket = gate.acquire(isCreate: true) else { return #expect(Bool(false), "a fresh gate refused") }
        gate.complete(ticket, limits: limits)
        #expect(gate.currentLimit == 300, "the configured limit stays in force")
        #expect(gate.waitRemaining == nil)
    }

    @Test(arguments: ["-1", "1e300", "1000000001", "inf", "nan", "soon"])
    func aRetryAfterOutsideThePlausibleRangeIsNotBelieved(_ value: String) {
        #expect(RateLimitStatus.retryAfterSeconds { $0 == PersonaHeader.retryAfter ? value : nil } == nil, "\(value)")
        // A 429 with such a header waits for the backoff instead, a finite time.
        let gate = RateGate(limit: 300, period: 60, backoff: Backoff(base: 1, cap: 60))
        guard let ticket = gate.acquire(isCreate: true) else { return #expect(Bool(false), "a fresh gate refused") }
        gate.complete(ticket, limits: RateLimitHeaders { $0 == PersonaHeader.retryAfter ? value : nil }, limitedBy: .rate)
        let wait = gate.waitRemaining ?? 0
        #expect(wait > 0 && wait <= 60, "\(wait)")
    }

    @Test func backoffStaysWithinItsCap() {
        let backoff = Backoff(base: 0.5, cap: 30)
        #expect(backoff.delay(attempt: 1) { $0.upperBound } == 0.5)
        #expect(backoff.delay(attempt: 3) { $0.upperBound } == 2)
        #expect(backoff.delay(attempt: 50) { $0.upperBound } == 30)
        #expect(backoff.delay(attempt: 4) { $0.lowerBound } == 0, "full jitter starts at zero")
    }
}
