import Foundation
import Dispatch
import Testing

/// A race planted on purpose: `scripts/test.sh --sanitize thread` runs it alone and requires
/// ThreadSanitizer to report it, so a sanitizer run that reports nothing is known to be awake.
/// Off in ordinary runs (it is a real data race).
@Suite(.enabled(if: Environment.canary, "the planted race runs only under scripts/test.sh --sanitize thread"))
struct SanitizerCanaryTests {
    final class Box: @unchecked Sendable {
        // @unchecked on purpose: the race below is the point of this test.
        var value = 0
    }

    /// Two threads of their own (a Dispatch queue could run both blocks on one worker thread,
    /// which is no race) that meet at a barrier, then write the property with nothing ordering
    /// one thread's writes before the other's. A thousand writes a round: ThreadSanitizer drops,
    /// without a word, a race whose earlier access has left the thread's history, and with
    /// 100,000 writes per thread it reported the race in only 6 runs of 8. Twenty rounds, so one
    /// round's miss is not the run's.
    @Test func aPlantedRaceOnAClassProperty() {
        let box = Box()
        let barrier = NSCondition()
        let arrived = LockedCount()
        let done = DispatchSemaphore(value: 0)
        let rounds = 20
        for _ in 0..<2 {
            Thread {
                for round in 1...rounds {
                    barrier.lock()
                    arrived.value += 1
                    barrier.broadcast()
                    while arrived.value < 2 * round { barrier.wait() }
                    barrier.unlock()
                    for _ in 0..<1_000 { box.value += 1 }
                }
                done.signal()
            }.start()
        }
        done.wait()
        done.wait()
        #expect(box.value > 0)
    }

    /// Guarded by the barrier's lock.
    final class LockedCount: @unchecked Sendable {
        var value = 0
    }
}

enum Environment {
    static var canary: Bool {
        ProcessInfo.processInfo.environment["PERSONA_IMPORT_SANITIZER_CANARY"] == "1"
    }
}
