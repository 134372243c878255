import Foundation
@testable import ImportProtocol
import Logging
import PersonaClient
import Testing

/// The watch on the ledger's lock, with a fake check in place of the server's answer.
@Suite struct LockWatchTests {
    @Test func aLostLockStopsTheRunOnceWithAResumableError() throws {
        let control = RunControl(gate: RateGate(limit: 100, period: 1))
        let check = FakeCheck(answers: [true, true, false])
        let watch = LockWatch(interval: .milliseconds(20), control: control, logger: quietLogger, stillHeld: { check.answer() })
        defer { watch.cancel() }
        try waitFor { control.stopReason != nil }
        #expect(control.stopReason == .failed(RunFailure(.lockLost, LockWatch.lostMessage)))
        #expect(LockWatch.lostMessage.contains("lock was lost") && LockWatch.lostMessage.contains("run the same command again"))
        #expect(check.calls == 3)
        // Stopped once: the watch asks no more (stopping twice would take another answer).
        Thread.sleep(forTimeInterval: 0.3)
        #expect(check.calls == 3)
    }

    @Test func aHeldLockNeverStopsTheRunAndCancellingEndsTheChecks() throws {
        let control = RunControl(gate: RateGate(limit: 100, period: 1))
        let check = FakeCheck(answers: [true])
        let watch = LockWatch(interval: .milliseconds(20), control: control, logger: quietLogger, stillHeld: { check.answer() })
        try waitFor { check.calls >= 5 }
        #expect(control.stopReason == nil)
        watch.cancel()
        let calls = check.calls
        Thread.sleep(forTimeInterval: 0.3)
        #expect(check.calls <= calls + 1, "at most the check under way when it was cancelled")
        #expect(control.stopReason == nil)
    }

    @Test func aCheckUnderWayWhenTheWatchIsCancelledStopsNothing() throws {
        let control = RunControl(gate: RateGate(limit: 100, period: 1))
        let entered = DispatchSemaphore(value: 0)
        let proceed = DispatchSemaphore(value: 0)
        let check = FakeCheck(answers: [false])
        let watch = LockWatch(interval: .milliseconds(20), control: control, logger: quietLogger) {
            entered.signal()
            proceed.wait()
            return check.answer()
        }
        #expect(entered.wait(timeout: .now() + 30) == .success)
        watch.cancel()
        proceed.signal()
        try waitFor { check.calls == 1 }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(control.stopReason == nil)
    }
}

private let quietLogger = Logger(label: "lock-watch-tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Answers in turn, the last one ever after; counts the calls.
private final class FakeCheck: @unchecked Sendable {
    // @unchecked: `count` is guarded by `lock`; `answers` is immutable.
    private let lock = NSLock()
    private let answers: [Bool]
    private var count = 0

    init(answers: [Bool]) { self.answers = answers }

    var calls: Int { lock.withLock { count } }

    func answer() -> Bool {
        lock.withLock {
            defer { count += 1 }
            return answers[min(count, answers.count - 1)]
        }
    }
}

/// Polls `condition` for up to 30 s.
private func waitFor(_ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(30)
    while !condition(), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    try #require(condition())
}
