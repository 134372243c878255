import AsyncHTTPClient
import Foundation
import PersonaEmulator
import PersonaWire
import Testing

@Suite("Injected faults")
struct FaultTests {
    @Test("--fault-5xx answers 500/502/503 before anything is created")
    func serverError() async throws {
        try await withEmulator({ $0.faults.serverError = 1 }) { client in
            var statuses: Set<Int> = []
            for index in 0..<12 {
                let response = try await client.create(Bodies.create(), idempotencyKey: "k\(index)")
                statuses.insert(response.status)
                #expect(!(try response.firstError().title.isEmpty))
            }
            #expect(statuses.isSubset(of: [500, 502, 503]))
            #expect(statuses.count > 1)
            let stats = try await client.stats()
            #expect(stats.inquiriesCreated == 0)
            #expect(stats.faults.serverError == 12)
        }
    }

    @Test("--drop-before closes the connection with no response and creates nothing")
    func dropBefore() async throws {
        try await withEmulator({ $0.faults.dropBefore = 1 }) { client in
            await #expect(throws: HTTPClientError.self) {
                _ = try await client.create(Bodies.create(), idempotencyKey: "drop-1")
            }
            let stats = try await client.stats()
            #expect(stats.inquiriesCreated == 0)
            #expect(stats.faults.dropBefore == 1)
            #expect(stats.responses.isEmpty)
            #expect(stats.requests == 1)
        }
    }

    @Test("--drop-after-commit creates once; a retry with the same key replays it")
    func dropAfterCommit() async throws {
        try await withEmulator({ $0.faults.dropAfterCommit = 1 }) { client in
            await #expect(throws: HTTPClientError.self) {
                _ = try await client.create(Bodies.create(), idempotencyKey: "dac-1")
            }
            let retry = try await client.create(Bodies.create(), idempotencyKey: "dac-1")
            #expect(retry.status == 201)
            #expect(retry.header("Persona-Emulator-Replayed") == "true")
            let stats = try await client.stats()
            #expect(stats.inquiriesCreated == 1)
            #expect(stats.faults.dropAfterCommit == 1)
            let list = try await client.send("GET", "/api/v1/inquiries?filter%5Breference-id%5D=customer-42")
            let inquiries = try list.decode(InquiryList.self).data
            #expect(inquiries.map(\.id) == [try retry.decode(InquiryDocument.self).data.id])
        }
    }

    @Test("--fault-5xx-after-commit creates, answers 500 and stores nothing under the key")
    func serverErrorAfterCommit() async throws {
        try await withEmulator({ $0.faults.serverErrorAfterCommit = 1 }) { client in
            let first = try await client.create(Bodies.create(), idempotencyKey: "f-1")
            #expect(first.status == 500)
            let retry = try await client.create(Bodies.create(), idempotencyKey: "f-1")
            #expect(retry.status == 500)
            let stats = try await client.stats()
            #expect(stats.inquiriesCreated == 2)
            #expect(stats.replays == 0)
            #expect(stats.faults.serverErrorAfterCommit == 2)
            #expect(stats.duplicateReferenceIDs.count == 1)
            #expect(stats.duplicateReferenceIDs.first?.inquiryIDs.count == 2)
        }
    }

    @Test("--seed reproduces the same faults")
    func seeded() async throws {
        func run() async throws -> [Int] {
            var statuses: [Int] = []
            try await withEmulator({
                $0.faults.serverError = 0.5
                $0.seed = 42
            }) { client in
                for _ in 0..<30 { statuses.append(try await client.create(Bodies.create()).status) }
            }
            return statuses
        }
        let first = try await run()
        let second = try await run()
        #expect(first == second)
        #expect(first.contains(201))
        #expect(first.contains { $0 >= 500 })
    }

    @Test("--latency delays each request around the given value")
    func latency() async throws {
        try await withEmulator({ $0.faults.latency = .milliseconds(100) }) { client in
            let clock = ContinuousClock()
            let start = clock.now
            for _ in 0..<3 {
                let response = try await client.create(Bodies.create())
                #expect(response.status == 201)
            }
            let elapsed = clock.now - start
            // Only the lower bound is a property of the emulator; an upper one would time the
            // machine (shared and noisy here).
            #expect(elapsed >= .milliseconds(150))
        }
    }
}
