import Foundation
import PersonaEmulator
import PersonaWire
import Testing

@Suite("--fault-5xx-stored")
struct StoredFaultTests {
    @Test("a stored 500 is replayed for its key; half strike after the inquiry was created")
    func storedAndReplayed() async throws {
        try await withEmulator({
            $0.faults.serverErrorStored = 1
            $0.seed = 7
        }) { client in
            var firstBodies: [String] = []
            for index in 0..<20 {
                let first = try await client.create(Bodies.create(reference: "r-\(index)"), idempotencyKey: "k-\(index)")
                #expect(first.status == 500)
                #expect(try first.firstError().title == "Internal server error")
                #expect(first.header("Persona-Emulator-Replayed") == nil)
                firstBodies.append(first.body)
            }
            // Every retry with the same key and body gets the same 500, whichever half it was.
            for round in 0..<2 {
                for index in 0..<20 {
                    let retry = try await client.create(Bodies.create(reference: "r-\(index)"), idempotencyKey: "k-\(index)")
                    #expect(retry.status == 500, "round \(round), key k-\(index)")
                    #expect(retry.body == firstBodies[index])
                    #expect(retry.header("Persona-Emulator-Replayed") == "true")
                }
            }
            let stats = try await client.stats()
            #expect(stats.faults.serverErrorStored == 20)
            #expect(stats.replays == 40)
            #expect(stats.responses == ["500": 60])
            // Both halves happen, and the after half created exactly its inquiries.
            #expect(stats.faults.serverErrorStoredAfterCommit > 0)
            #expect(stats.faults.serverErrorStoredAfterCommit < 20)
            #expect(stats.inquiriesCreated == stats.faults.serverErrorStoredAfterCommit)
            var existing = 0
            for index in 0..<20 {
                let list = try await client.send("GET", "/api/v1/inquiries?filter%5Breference-id%5D=r-\(index)")
                let found = try list.decode(InquiryList.self).data.count
                #expect(found <= 1)
                existing += found
            }
            #expect(existing == stats.inquiriesCreated)
        }
    }

    @Test("the same key with another body is a 409, not the stored 500")
    func conflict() async throws {
        try await withEmulator({ $0.faults.serverErrorStored = 1 }) { client in
            #expect(try await client.create(Bodies.create(reference: "a"), idempotencyKey: "c-1").status == 500)
            let other = try await client.create(Bodies.create(reference: "b"), idempotencyKey: "c-1")
            #expect(other.status == 409)
            #expect(try await client.stats().conflicts == 1)
        }
    }

    @Test("the stored 500 lasts until the key expires; then the key is fresh")
    func expires() async throws {
        let clock = ManualEmulatorClock()
        try await withEmulator({
            $0.faults.serverErrorStored = 1
            $0.idempotencyTTL = .seconds(90)
            $0.clock = clock
        }) { client in
            #expect(try await client.create(Bodies.create(), idempotencyKey: "t-1").status == 500)
            clock.advance(by: .seconds(89))
            let replay = try await client.create(Bodies.create(), idempotencyKey: "t-1")
            #expect(replay.status == 500)
            #expect(replay.header("Persona-Emulator-Replayed") == "true")
            clock.advance(by: .seconds(1))
            // Expired: a new roll (a fault again, at probability 1), not a replay.
            let fresh = try await client.create(Bodies.create(), idempotencyKey: "t-1")
            #expect(fresh.status == 500)
            #expect(fresh.header("Persona-Emulator-Replayed") == nil)
            let stats = try await client.stats()
            #expect(stats.replays == 1)
            #expect(stats.faults.serverErrorStored == 2)
        }
    }

    @Test("without an Idempotency-Key it is a plain 500; the after half still creates")
    func withoutKey() async throws {
        try await withEmulator({
            $0.faults.serverErrorStored = 1
            $0.seed = 11
        }) { client in
            for _ in 0..<20 {
                #expect(try await client.create(Bodies.create()).status == 500)
            }
            let stats = try await client.stats()
            #expect(stats.faults.serverErrorStored == 20)
            #expect(stats.replays == 0)
            #expect(stats.faults.serverErrorStoredAfterCommit > 0)
            #expect(stats.faults.serverErrorStoredAfterCommit < 20)
            #expect(stats.inquiriesCreated == stats.faults.serverErrorStoredAfterCommit)
        }
    }

    @Test("a request that fails validation is hit only by the before half")
    func invalidRequest() async throws {
        try await withEmulator({
            $0.faults.serverErrorStored = 1
            $0.seed = 3
        }) { client in
            var statuses: [Int] = []
            for index in 0..<20 {
                statuses.append(try await client.create("{", idempotencyKey: "bad-\(index)").status)
            }
            let stats = try await client.stats()
            #expect(Set(statuses) == [400, 500])
            #expect(statuses.filter { $0 == 500 }.count == stats.faults.serverErrorStored)
            #expect(stats.faults.serverErrorStoredAfterCommit == 0)
            #expect(stats.inquiriesCreated == 0)
        }
    }

    @Test("--seed reproduces it, and turning it on leaves the other faults' dice as they were")
    func seeded() async throws {
        func run(stored: Double) async throws -> [Int] {
            var statuses: [Int] = []
            try await withEmulator({
                $0.faults.serverError = 0.5
                $0.faults.serverErrorStored = stored
                $0.seed = 42
            }) { client in
                for index in 0..<40 {
                    statuses.append(try await client.create(Bodies.create(), idempotencyKey: "s-\(index)").status)
                }
            }
            return statuses
        }
        let without = try await run(stored: 0)
        let with = try await run(stored: 0.5)
        #expect(try await run(stored: 0.5) == with)
        #expect(with.contains(201))
        #expect(zip(without, with).contains { $0 == 201 && $1 == 500 })
        for (old, new) in zip(without, with) {
            if old == 201 { #expect(new == 201 || new == 500) } else { #expect(new == old) }
        }
    }
}
