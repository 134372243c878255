import Foundation
import PersonaEmulator
import PersonaWire
import Testing

@Suite("Rate limits and quotas")
struct RateLimitTests {
    @Test("every authenticated response carries RateLimit headers; over the limit is a 429")
    func fixedWindow() async throws {
        let clock = ManualEmulatorClock()
        try await withEmulator({
            $0.rateLimit = RateLimitRule(limit: 3, period: .seconds(60))
            $0.clock = clock
        }) { client in
            var remaining: [String?] = []
            for _ in 0..<3 {
                let response = try await client.create(Bodies.create())
                #expect(response.status == 201)
                #expect(response.header("RateLimit-Limit") == "3")
                #expect(response.header("RateLimit-Reset") == "60")
                remaining.append(response.header("RateLimit-Remaining"))
            }
            #expect(remaining == ["2", "1", "0"])
            clock.advance(by: .seconds(20))
            let limited = try await client.send("GET", "/api/v1/inquiries")
            #expect(limited.status == 429)
            #expect(try limited.firstError().title == "Rate limit exceeded")
            #expect(limited.header("RateLimit-Remaining") == "0")
            #expect(limited.header("RateLimit-Reset") == "40")
            #expect(limited.header("Retry-After") == nil)
            // A bad request after auth still counts and still carries the headers.
            clock.advance(by: .seconds(40))
            let bad = try await client.create("{")
            #expect(bad.status == 400)
            #expect(bad.header("RateLimit-Remaining") == "2")
            #expect(bad.header("RateLimit-Reset") == "60")
            let stats = try await client.stats()
            #expect(stats.rateLimited == 1)
            #expect(stats.responses["429"] == 1)
        }
    }

    @Test("--retry-after adds Retry-After to 429s")
    func retryAfter() async throws {
        let clock = ManualEmulatorClock()
        try await withEmulator({
            $0.rateLimit = RateLimitRule(limit: 1, period: .seconds(30))
            $0.sendsRetryAfter = true
            $0.clock = clock
        }) { client in
            #expect(try await client.create(Bodies.create()).status == 201)
            clock.advance(by: .seconds(10))
            let limited = try await client.create(Bodies.create())
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "20")
            let parsed = RateLimitHeaders { limited.header($0) }
            #expect(parsed.retryAfterSeconds == 20)
            #expect(parsed.rateLimit == RateLimitStatus(limit: 1, remaining: 0, resetSeconds: 20))
        }
    }

    @Test("a short real window resets by itself")
    func realWindow() async throws {
        // A window long enough that three requests fit in it on a loaded machine.
        try await withEmulator({ $0.rateLimit = RateLimitRule(limit: 2, period: .seconds(4)) }) { client in
            #expect(try await client.create(Bodies.create()).status == 201)
            #expect(try await client.create(Bodies.create()).status == 201)
            let limited = try await client.create(Bodies.create())
            #expect(limited.status == 429)
            let reset = Double(limited.header("RateLimit-Reset") ?? "") ?? 4
            try await Task.sleep(for: .milliseconds(Int(reset * 1000) + 50))
            #expect(try await client.create(Bodies.create()).status == 201)
        }
    }

    @Test("the creation quota has its own headers and 429 Quota exceeded")
    func quota() async throws {
        let clock = ManualEmulatorClock()
        try await withEmulator({
            $0.creationQuota = RateLimitRule(limit: 2, period: .seconds(60))
            $0.clock = clock
        }) { client in
            let first = try await client.create(Bodies.create())
            #expect(first.status == 201)
            #expect(first.header("Quota-Limit") == "2")
            #expect(first.header("Quota-Remaining") == "1")
            #expect(first.header("Quota-Reset") == "60")
            #expect(try await client.create(Bodies.create()).status == 201)
            let over = try await client.create(Bodies.create())
            #expect(over.status == 429)
            #expect(try over.firstError().title == "Quota exceeded")
            #expect(RateLimitStatus.quota { over.header($0) } == RateLimitStatus(limit: 2, remaining: 0, resetSeconds: 60))
            // Reads are not limited by the creation quota.
            #expect(try await client.send("GET", "/api/v1/inquiries").status == 200)
            clock.advance(by: .seconds(60))
            let again = try await client.create(Bodies.create())
            #expect(again.status == 201)
            #expect(again.header("Quota-Remaining") == "1")
            #expect(try await client.stats().inquiriesCreated == 3)
        }
    }

    @Test("--quota-status 403 answers 403 Quota exceeded, counted apart from 429s")
    func quotaForbidden() async throws {
        let clock = ManualEmulatorClock()
        try await withEmulator({
            $0.creationQuota = RateLimitRule(limit: 1, period: .seconds(60))
            $0.quotaExceededStatus = .forbidden
            $0.sendsRetryAfter = true
            $0.clock = clock
        }) { client in
            #expect(try await client.create(Bodies.create(), idempotencyKey: "q-1").status == 201)
            clock.advance(by: .seconds(15))
            let over = try await client.create(Bodies.create(reference: "other"), idempotencyKey: "q-2")
            #expect(over.status == 403)
            #expect(try over.firstError().title == PersonaErrorTitle.quotaExceeded)
            #expect(over.header("Quota-Remaining") == "0")
            #expect(over.header("Quota-Reset") == "45")
            #expect(over.header("Retry-After") == "45")
            // Not stored under the key: once the quota resets the same key creates.
            clock.advance(by: .seconds(45))
            let retry = try await client.create(Bodies.create(reference: "other"), idempotencyKey: "q-2")
            #expect(retry.status == 201)
            #expect(retry.header("Persona-Emulator-Replayed") == nil)
            let stats = try await client.stats()
            #expect(stats.quotaExceeded == 1)
            #expect(stats.rateLimited == 0)
            #expect(stats.responses == ["201": 2, "403": 1])
        }
    }

    @Test("the default quota refusal is counted as quota-exceeded and rate-limited")
    func quotaCounted() async throws {
        try await withEmulator({ $0.creationQuota = RateLimitRule(limit: 1, period: .seconds(60)) }) { client in
            #expect(try await client.create(Bodies.create()).status == 201)
            #expect(try await client.create(Bodies.create()).status == 429)
            let stats = try await client.stats()
            #expect(stats.quotaExceeded == 1)
            #expect(stats.rateLimited == 1)
        }
    }

    @Test("--quota-headers quotalimit spells them QuotaLimit-*")
    func quotaLimitSpelling() async throws {
        try await withEmulator({
            $0.creationQuota = RateLimitRule(limit: 2, period: .seconds(60))
            $0.quotaHeaderSpelling = .quotaLimit
        }) { client in
            let first = try await client.create(Bodies.create())
            #expect(first.status == 201)
            #expect(first.header("QuotaLimit-Limit") == "2")
            #expect(first.header("QuotaLimit-Remaining") == "1")
            #expect(first.header("QuotaLimit-Reset") != nil)
            #expect(first.header("Quota-Limit") == nil)
            #expect(first.header("Quota-Remaining") == nil)
            #expect(first.header("Quota-Reset") == nil)
            #expect(RateLimitHeaders { first.header($0) }.quota?.remaining == 1)
            #expect(first.header("RateLimit-Limit") == "300")
        }
    }
}
