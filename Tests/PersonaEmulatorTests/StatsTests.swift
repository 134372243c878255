import Foundation
import PersonaEmulator
import PersonaWire
import Testing

@Suite("Stats and reset")
struct StatsTests {
    @Test("stats count requests, statuses and duplicates; reset empties everything")
    func statsAndReset() async throws {
        try await withEmulator({ $0.rateLimit = RateLimitRule(limit: 5, period: .seconds(60)) }) { client in
            _ = try await client.create(Bodies.create(reference: "dup"))
            let second = try await client.create(Bodies.create(reference: "dup"), idempotencyKey: "s-1")
            _ = try await client.create(Bodies.create(reference: "dup"), idempotencyKey: "s-1")
            _ = try await client.create("{")
            _ = try await client.create(Bodies.create(), key: nil)
            _ = try await client.send("GET", "/api/v1/inquiries")
            _ = try await client.send("GET", "/api/v1/inquiries")
            let stats = try await client.stats()
            #expect(stats.requests == 7)
            #expect(stats.responses == ["201": 3, "400": 1, "401": 1, "200": 1, "429": 1])
            #expect(stats.rateLimited == 1)
            #expect(stats.replays == 1)
            #expect(stats.inquiriesCreated == 2)
            #expect(stats.maxConcurrentRequests == 1)
            let duplicate = try #require(stats.duplicateReferenceIDs.first)
            #expect(duplicate.referenceID == "dup")
            #expect(duplicate.inquiryIDs.count == 2)
            #expect(duplicate.inquiryIDs.last == (try second.decode(InquiryDocument.self).data.id))
            let raw = try await client.send("GET", "/__emulator/stats", key: nil)
            #expect(raw.body.contains(#""duplicate-reference-ids""#))
            #expect(raw.body.contains(#""max-concurrent-requests""#))
            #expect(raw.body.contains(#""quota-exceeded":0"#))
            #expect(raw.body.contains(#""5xx-stored":0"#))
            #expect(raw.body.contains(#""5xx-stored-after-commit":0"#))
            #expect(client.emulator.stats() == stats)

            let reset = try await client.send("POST", "/__emulator/reset", key: nil)
            #expect(reset.status == 204)
            let after = try await client.stats()
            #expect(after == EmulatorStats())
            // The window and the keys are gone too.
            let fresh = try await client.create(Bodies.create(reference: "dup"), idempotencyKey: "s-1")
            #expect(fresh.status == 201)
            #expect(fresh.header("RateLimit-Remaining") == "4")
            #expect(fresh.header("Persona-Emulator-Replayed") == nil)
            let list = try await client.send("GET", "/api/v1/inquiries").decode(InquiryList.self)
            #expect(list.data.count == 1)
        }
    }

    @Test("GET /api/v1/rate-limits reports the window")
    func rateLimitsEndpoint() async throws {
        try await withEmulator({ $0.rateLimit = RateLimitRule(limit: 10, period: .seconds(60)) }) { client in
            let response = try await client.send("GET", "/api/v1/rate-limits")
            #expect(response.status == 200)
            #expect(response.body.contains(#""limit":10,"remaining":9,"seconds-to-reset":60"#))
        }
    }

    @Test("a stats document from before the 5xx-stored and quota-exceeded keys still decodes")
    func olderDocument() throws {
        let older = #"{"conflicts":1,"duplicate-reference-ids":[],"faults":{"5xx":2,"5xx-after-commit":0,"drop-after-commit":0,"drop-before":3},"inquiries-created":4,"max-concurrent-requests":1,"rate-limited":5,"replays":6,"requests":7,"responses":{"201":4}}"#
        let stats = try JSONDecoder().decode(EmulatorStats.self, from: Data(older.utf8))
        #expect(stats == EmulatorStats(
            requests: 7, responses: ["201": 4], rateLimited: 5, replays: 6, conflicts: 1,
            faults: EmulatorStats.Faults(serverError: 2, dropBefore: 3), inquiriesCreated: 4, maxConcurrentRequests: 1))
        let again = try JSONDecoder().decode(EmulatorStats.self, from: try JSONEncoder().encode(stats))
        #expect(again == stats)
    }
}
