import Dispatch
import Foundation
import ImportCore
import Logging
import PersonaClient
import PersonaEmulator
import PersonaWire
import Testing

/// Runs `body` on a thread of its own (the client blocks; a Swift concurrency thread must not).
func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

func client(port: Int, key: String = EmulatorConfiguration.defaultAPIKey, connections: Int = 8) throws -> PersonaAPIClient {
    PersonaAPIClient(configuration: try ClientConfiguration(
        base: APIBase("http://127.0.0.1:\(port)/api/v1"), apiKey: key, userAgent: "persona-import-tests", maxConnections: connections))
}

func draft(_ number: Int) -> InquiryDraft {
    InquiryDraft(template: .inquiryTemplate("itmpl_test"), referenceID: "ref-\(number)", fields: [("name-first", "A")])
}

@Suite struct GateAgainstEmulatorTests {
    /// Eight threads share one gate against a 15-per-second limit: every create lands, none
    /// draws a 429, and the limit learned from the headers replaces the assumed 300/60s.
    @Test func workersSharingTheGateNeverDrawA429() async throws {
        var configuration = EmulatorConfiguration()
        configuration.rateLimit = RateLimitRule(limit: 15, period: .seconds(1))
        let emulator = PersonaEmulator(configuration: configuration, logger: Logger(label: "test"))
        try await emulator.withRunning { port in
            let api = try client(port: port)
            defer { api.shutdown() }
            let gate = RateGate(limit: 300, period: 60)
            let statuses = await onThread { () -> [Int] in
                let statuses = LockedBox<[Int]>([])
                DispatchQueue.concurrentPerform(iterations: 8) { worker in
                    for index in stride(from: worker, to: 40, by: 8) {
                        guard let ticket = gate.acquire(isCreate: true) else { return }
                        let answer = api.create(InquiryRequestBody(draft(index)), idempotencyKey: "k-\(index)")
                        gate.complete(ticket, limits: answer.limits, limitedBy: answer.outcome.limitKind)
                        statuses.update { $0.append(answer.status) }
                    }
                }
                return statuses.value
            }
            #expect(statuses.count == 40)
            #expect(statuses.allSatisfy { $0 == 201 })
            #expect(emulator.stats().rateLimited == 0)
            #expect(emulator.stats().inquiriesCreated == 40)
            #expect(gate.currentLimit == 15)
        }
    }

    @Test func aCancelledGateLetsNobodyThrough() {
        let gate = RateGate(limit: 1, period: 3600)
        #expect(gate.acquire(isCreate: true) != nil)
        let waiter = DispatchGroup()
        let result = LockedBox<Bool?>(nil)
        DispatchQueue(label: "test.waiter").async(group: waiter) {
            // The window is spent for an hour: this blocks until the cancel.
            result.set(gate.acquire(isCreate: true) != nil)
        }
        gate.cancel()
        waiter.wait()
        #expect(result.value == false)
    }

    @Test func a429PausesEveryWorkerUntilTheWindowResets() async throws {
        var configuration = EmulatorConfiguration()
        configuration.rateLimit = RateLimitRule(limit: 3, period: .seconds(1))
        let emulator = PersonaEmulator(configuration: configuration, logger: Logger(label: "test"))
        try await emulator.withRunning { port in
            let api = try client(port: port)
            defer { api.shutdown() }
            // Another client spends the whole window first; the gate learns of it from the 429.
            let other = try client(port: port)
            defer { other.shutdown() }
            let statuses = await onThread { () -> [Int] in
                for index in 0..<4 { _ = other.create(InquiryRequestBody(draft(100 + index)), idempotencyKey: "o-\(index)") }
                let gate = RateGate(limit: 3, period: 1)
                var statuses: [Int] = []
                for index in 0..<4 {
                    var status = 0
                    repeat {
                        guard let ticket = gate.acquire(isCreate: true) else { break }
                        let answer = api.create(InquiryRequestBody(draft(index)), idempotencyKey: "k-\(index)")
                        gate.complete(ticket, limits: answer.limits, limitedBy: answer.outcome.limitKind)
                        status = answer.status
                        statuses.append(status)
                    } while status == 429
                }
                return statuses
            }
            #expect(statuses.filter { $0 == 201 }.count == 4)
            #expect(statuses.filter { $0 == 429 }.count <= 1, "one 429 teaches the gate to wait: \(statuses)")
        }
    }
}

final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    func set(_ value: Value) { lock.withLock { stored = value } }
    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
    var value: Value { lock.withLock { stored } }
}

@Suite struct InquiryLookupTests {
    @Test func findsNoneOneOrManyAcrossPagesAndOnlySinceTheGivenTime() async throws {
        let emulator = PersonaEmulator(configuration: EmulatorConfiguration(), logger: Logger(label: "test"))
        try await emulator.withRunning { port in
            let api = try client(port: port)
            defer { api.shutdown() }
            let found = await onThread { () -> [String: Result<[String], PersonaFailure>?] in
                let before = Date(timeIntervalSinceNow: -60)
                _ = api.create(InquiryRequestBody(draft(1)), idempotencyKey: "one")
                for copy in 0..<5 { _ = api.create(InquiryRequestBody(draft(2)), idempotencyKey: "many-\(copy)") }
                let lookup = InquiryLookup(client: api, gate: RateGate(limit: 1000, period: 1), pageSize: 2)
                return [
                    "one": lookup.inquiryIDs(referenceID: "ref-1", createdSince: before, templateID: "itmpl_test"),
                    "many": lookup.inquiryIDs(referenceID: "ref-2", createdSince: before, templateID: "itmpl_test"),
                    "none": lookup.inquiryIDs(referenceID: "ref-3", createdSince: before, templateID: "itmpl_test"),
                    "later": lookup.inquiryIDs(referenceID: "ref-1", createdSince: Date(timeIntervalSinceNow: 3600), templateID: "itmpl_test"),
                    "other template": lookup.inquiryIDs(referenceID: "ref-1", createdSince: before, templateID: "itmpl_other"),
                ]
            }
            func ids(_ name: String) -> [String]? {
                guard case .success(let ids)?? = found[name] else { return nil }
                return ids
            }
            #expect(ids("one")?.count == 1)
            #expect(ids("many")?.count == 5, "five inquiries over three pages of two")
            #expect(Set(ids("many") ?? []).count == 5)
            #expect(ids("none") == [])
            #expect(ids("later") == [], "created before the window start")
            #expect(ids("other template") == [])
        }
    }

    /// Persona's `links.next` carries no filters: pages are built from the look-up's own, and a
    /// look-up stopped by its page cap says it is not complete (issue 14, hole 7).
    @Test func everyPageKeepsTheFiltersAndThePageCapIsReported() async throws {
        let emulator = PersonaEmulator(configuration: EmulatorConfiguration(), logger: Logger(label: "test"))
        try await emulator.withRunning { port in
            let api = try client(port: port)
            defer { api.shutdown() }
            let (full, capped) = await onThread { () -> (Result<LookupResult, PersonaFailure>?, Result<LookupResult, PersonaFailure>?) in
                let before = Date(timeIntervalSinceNow: -60)
                for copy in 0..<3 { _ = api.create(InquiryRequestBody(draft(2)), idempotencyKey: "mine-\(copy)") }
                // Newer inquiries of other people: a page 2 without the filter would list them.
                for copy in 0..<3 { _ = api.create(InquiryRequestBody(draft(5)), idempotencyKey: "other-\(copy)") }
                let gate = RateGate(limit: 1000, period: 1)
                return (
                    InquiryLookup(client: api, gate: gate, pageSize: 1).inquiries(referenceID: "ref-2", createdSince: before, templateID: nil),
                    InquiryLookup(client: api, gate: gate, maximumPages: 2, pageSize: 1)
                        .inquiries(referenceID: "ref-2", createdSince: before, templateID: nil))
            }
            guard case .success(let all)? = full, case .success(let cut)? = capped else {
                Issue.record("look-ups failed: \(String(describing: full)), \(String(describing: capped))")
                return
            }
            #expect(all.inquiries.count == 3)
            #expect(all.complete)
            #expect(all.inquiries.allSatisfy { $0.fields["name-first"] == "A" }, "the fields come back, to attribute by")
            #expect(cut.inquiries.count == 2)
            #expect(!cut.complete)
        }
    }
}
