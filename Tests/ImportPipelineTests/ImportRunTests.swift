import Foundation
import ImportLedger
@testable import ImportPipeline
@testable import ImportProtocol
@testable import ImportReporting
@testable import ImportCore
import PersonaClient
import PersonaEmulator
import Testing

@Suite struct ImportRunTests {
    @Test func everyValidRowIsCreatedOnceAndRecorded() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 30, invalid: [4, 17], duplicateOf: [20: 3, 25: 3])
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let summary = try await RunFixture(path: path, port: port, ledger: ledger).run()
            #expect(summary.recordsRead == 30)
            #expect(summary.created == 26)
            #expect(summary.rejected == 4)
            #expect(summary.duplicateReferenceIDs == 2)
            #expect(summary.stoppedBy == nil)
            #expect(summary.jobComplete)
            let stats = emulator.stats()
            #expect(stats.inquiriesCreated == 26)
            #expect(stats.duplicateReferenceIDs.isEmpty)
            let rows = try ledger.rows(job: 1)
            #expect(rows.filter { $0.state == .created }.count == 26)
            #expect(rows.filter { $0.state == .created }.allSatisfy { $0.inquiryID?.hasPrefix("inq_") == true && $0.requestID != nil })
            #expect(rows.first { $0.line == 21 }?.error?.contains("reference-id also on line 4") == true)
            let rejects = try String(contentsOfFile: path + ".rejects.csv", encoding: .utf8)
            #expect(rejects.contains("ref-3,First20,Last"), "a repeated reference-id goes to the rejects file with its columns")

            // The same job again: nothing left to send, not one request.
            let requests = emulator.stats().requests
            let again = try await RunFixture(path: path, port: port, ledger: ledger).run()
            #expect(again.created == 0)
            #expect(again.skipped == 26)
            #expect(again.resumed)
            #expect(emulator.stats().requests == requests)
        }
    }

    @Test func aRefusedKeyStopsTheRunAfterAHandfulOfRequests() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 20_000)
        try await emulator.withRunning { port in
            var fixture = RunFixture(path: path, port: port, ledger: InMemoryLedger())
            fixture.key = "persona_sandbox_not-a-known-key"
            let summary = try await fixture.run()
            guard case .keyRejected(let failure) = summary.stoppedBy else {
                Issue.record("expected the run to stop on the key, got \(String(describing: summary.stoppedBy))")
                return
            }
            #expect(failure.status == 401)
            #expect(emulator.stats().requests <= 8)
            #expect(summary.created == 0)
            #expect(summary.recordsRead < 20_000, "the reader stops too")
            let states = Set(try fixture.ledger.rows(job: 1).map(\.state))
            #expect(!states.contains(.sending), "rows refused with 401 were never created: back to pending")
        }
    }

    @Test func aFileErrorMidFileStopsAfterTheRowsBeforeIt() async throws {
        let emulator = makeEmulator()
        let path = try writeExport(rows: 600, tail: "ref-x,\"unterminated,Last,1990-01-01\n")
        try await emulator.withRunning { port in
            let summary = try await RunFixture(path: path, port: port, ledger: InMemoryLedger()).run()
            guard case .failed(let failure) = summary.stoppedBy else {
                Issue.record("expected a file error, got \(String(describing: summary.stoppedBy))")
                return
            }
            #expect(failure.kind == .input, "an unterminated quote is the input's fault")
            let message = failure.message
            #expect(message.contains("quote"))
            #expect(summary.created == 600, "every row before the error is created")
            #expect(emulator.stats().inquiriesCreated == 600)
            #expect(!summary.jobComplete)
        }
    }

    @Test func theReaderNeverRunsFarAheadOfTheCreates() async throws {
        // Two creates a second: in a second and a half the reader may fill the queues between
        // the stages, and no more.
        let emulator = makeEmulator { $0.rateLimit = RateLimitRule(limit: 2, period: .seconds(1)) }
        let path = try writeExport(rows: 150_000)
        try await emulator.withRunning { port in
            var fixture = RunFixture(path: path, port: port, ledger: InMemoryLedger())
            fixture.options.timeLimit = .milliseconds(1500)
            let summary = try await fixture.run()
            #expect(summary.stoppedBy == .timeLimit)
            #expect(summary.recordsRead < 40_000, "read \(summary.recordsRead) rows of 150,000 for \(summary.created) creates")
            #expect(summary.created <= 4)
        }
    }

    @Test func aStoppedRunResumesWithoutALossOrADuplicate() async throws {
        let emulator = makeEmulator { $0.faults.latency = .milliseconds(4) }
        let path = try writeExport(rows: 400)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let first = try await RunFixture(path: path, port: port, ledger: ledger).run { control in
                while emulator.stats().inquiriesCreated < 50 { usleep(1000) }
                control.stop(.signal(SIGTERM))
            }
            #expect(first.stoppedBy == .signal(SIGTERM))
            #expect(first.created < 400)
            #expect(!first.jobComplete)
            let second = try await RunFixture(path: path, port: port, ledger: ledger).run()
            #expect(second.stoppedBy == nil)
            #expect(second.jobComplete)
            #expect(first.created + second.created + (second.skipped - first.created) >= 400)
            let stats = emulator.stats()
            #expect(stats.inquiriesCreated == 400)
            #expect(stats.duplicateReferenceIDs.isEmpty)
            #expect(try ledger.counts(job: 1)[.created] == 400)
        }
    }

    @Test func serverErrorsAndDroppedConnectionsAreRetriedToCompletion() async throws {
        let emulator = makeEmulator {
            $0.faults.serverError = 0.15
            $0.faults.dropBefore = 0.1
            $0.faults.dropAfterCommit = 0.1
            $0.seed = 7
        }
        let path = try writeExport(rows: 200)
        try await emulator.withRunning { port in
            let ledger = InMemoryLedger()
            let summary = try await RunFixture(path: path, port: port, ledger: ledger).run()
            #expect(summary.created == 200)
            #expect(summary.retries > 0)
            let stats = emulator.stats()
            #expect(stats.inquiriesCreated == 200, "a dropped answer after the commit is replayed, not created again")
            #expect(stats.duplicateReferenceIDs.isEmpty)
            #expect(stats.replays > 0)
            // The ledger holds the id Persona holds.
            let ids = Set(try ledger.rows(job: 1).compactMap(\.inquiryID))
            #expect(ids.count == 200)
        }
    }
}
