import Foundation
import PersonaEmulator
import PersonaWire
import Testing

@Suite("Idempotency-Key")
struct IdempotencyTests {
    @Test("a repeat replays the first response and creates nothing")
    func replay() async throws {
        try await withEmulator { client in
            let first = try await client.create(Bodies.create(), idempotencyKey: "key-1")
            #expect(first.status == 201)
            // Same parameters laid out differently still count as the same request.
            let reordered = #"{"data":{"attributes":{"fields":{"birthdate":"1994-04-12","name-last":"Doe","name-first":"Jane"},"reference-id":"customer-42","inquiry-template-id":"itmpl_Test0000000000000000000"}}}"#
            let second = try await client.create(reordered, idempotencyKey: "key-1")
            #expect(second.status == 201)
            #expect(second.body == first.body)
            #expect(second.header("Persona-Emulator-Replayed") == "true")
            let stats = try await client.stats()
            #expect(stats.inquiriesCreated == 1)
            #expect(stats.replays == 1)
        }
    }

    @Test("the same key with other parameters is a 409")
    func conflict() async throws {
        try await withEmulator { client in
            #expect(try await client.create(Bodies.create(reference: "a"), idempotencyKey: "key-2").status == 201)
            let other = try await client.create(Bodies.create(reference: "b"), idempotencyKey: "key-2")
            #expect(other.status == 409)
            #expect(try other.firstError().title == "Conflict")
            let stats = try await client.stats()
            #expect(stats.conflicts == 1)
            #expect(stats.inquiriesCreated == 1)
        }
    }

    @Test("validation errors are stored and replayed")
    func storedError() async throws {
        try await withEmulator { client in
            let body = Bodies.create(fields: #"{"birthdate":"1994-02-30"}"#)
            let first = try await client.create(body, idempotencyKey: "key-3")
            #expect(first.status == 422)
            let second = try await client.create(body, idempotencyKey: "key-3")
            #expect(second.status == 422)
            #expect(second.body == first.body)
            #expect(try await client.stats().replays == 1)
        }
    }

    @Test("429 and 401 are never stored")
    func notStored() async throws {
        let clock = ManualEmulatorClock()
        try await withEmulator({
            $0.rateLimit = RateLimitRule(limit: 1, period: .seconds(60))
            $0.clock = clock
        }) { client in
            #expect(try await client.create(Bodies.create(), key: "wrong", idempotencyKey: "key-4").status == 401)
            #expect(try await client.send("GET", "/api/v1/inquiries").status == 200)
            #expect(try await client.create(Bodies.create(), idempotencyKey: "key-4").status == 429)
            clock.advance(by: .seconds(60))
            let created = try await client.create(Bodies.create(), idempotencyKey: "key-4")
            #expect(created.status == 201)
            #expect(created.header("Persona-Emulator-Replayed") == nil)
            #expect(try await client.stats().inquiriesCreated == 1)
        }
    }

    @Test("keys are forgotten after the TTL")
    func ttl() async throws {
        let clock = ManualEmulatorClock()
        try await withEmulator({
            $0.idempotencyTTL = .seconds(90)
            $0.clock = clock
        }) { client in
            let first = try await client.create(Bodies.create(), idempotencyKey: "key-5")
            clock.advance(by: .seconds(89))
            let replay = try await client.create(Bodies.create(), idempotencyKey: "key-5")
            #expect(replay.body == first.body)
            clock.advance(by: .seconds(1))
            let fresh = try await client.create(Bodies.create(), idempotencyKey: "key-5")
            #expect(fresh.status == 201)
            #expect(try fresh.decode(InquiryDocument.self).data.id != first.decode(InquiryDocument.self).data.id)
            let stats = try await client.stats()
            #expect(stats.inquiriesCreated == 2)
            #expect(stats.duplicateReferenceIDs.map(\.referenceID) == ["customer-42"])
        }
    }
}
