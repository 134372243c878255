import PersonaEmulator
import PersonaWire
import Testing

@Suite("Concurrent clients")
struct ConcurrencyTests {
    @Test("50 concurrent clients all succeed and the count is exact")
    func fiftyClients() async throws {
        try await withEmulator({
            $0.rateLimit = RateLimitRule(limit: 100_000, period: .seconds(60))
            $0.faults.latency = .milliseconds(20)
        }) { client in
            let perClient = 4
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for worker in 0..<50 {
                    group.addTask {
                        var statuses: [Int] = []
                        for index in 0..<perClient {
                            let response = try await client.create(
                                Bodies.create(reference: "w\(worker)-\(index)"), idempotencyKey: "w\(worker)-\(index)")
                            statuses.append(response.status)
                        }
                        return statuses
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.count == 50 * perClient)
            #expect(statuses.allSatisfy { $0 == 201 })
            let stats = try await client.stats()
            #expect(stats.inquiriesCreated == 50 * perClient)
            #expect(stats.maxConcurrentRequests > 1)
            #expect(stats.duplicateReferenceIDs.isEmpty)
            #expect(stats.responses == ["201": 50 * perClient])
        }
    }
}
