import Foundation
import GRDBSQLite
import Testing

/// Races planted on purpose for `scripts/valgrind.sh`, which runs them alone and requires Helgrind
/// to report both, so a Helgrind run that reports nothing is known to be awake. Off in ordinary
/// runs (they are real data races).
///
/// The first is where ThreadSanitizer is blind: a race inside a C library it did not instrument
/// (here libsqlite3, which the SQLite ledger uses through GRDB). The second is a race in Swift code
/// on a global variable.
@Suite(.enabled(if: ValgrindCanary.enabled, "the planted races run only under scripts/valgrind.sh"))
struct ValgrindCanaryTests {
    /// One connection opened without SQLite's own mutex (as GRDB opens them: it serializes the
    /// connection itself), one statement, and two threads binding its parameter at the same time:
    /// a race inside libsqlite3 that no Swift code performs.
    @Test func aPlantedRaceInsideSQLite() throws {
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        #expect(sqlite3_open_v2(":memory:", &connection, flags, nil) == SQLITE_OK)
        var statement: OpaquePointer?
        #expect(sqlite3_prepare_v2(connection, "SELECT ?", -1, &statement, nil) == SQLITE_OK)
        let shared = Unchecked(statement)
        ValgrindCanary.twoThreads { thread in
            for value in 0..<200 { _ = sqlite3_bind_int(shared.value, 1, Int32(value * 2 + thread)) }
        }
        sqlite3_finalize(statement)
        sqlite3_close(connection)
    }

    /// Two threads incrementing a global variable with nothing ordering them.
    @Test func aPlantedRaceOnAGlobal() {
        ValgrindCanary.twoThreads { _ in
            for _ in 0..<200 { plantedRaceCounter += 1 }
        }
        #expect(plantedRaceCounter > 0)
    }
}

/// Written by two threads at once on purpose (`aPlantedRaceOnAGlobal`).
nonisolated(unsafe) var plantedRaceCounter = 0

enum ValgrindCanary {
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["PERSONA_IMPORT_VALGRIND_CANARY"] == "1"
    }

    /// Runs `body` on two threads of their own that meet at a barrier first (so the race is not
    /// ordered by one thread finishing before the other starts), and waits for both.
    static func twoThreads(_ body: @escaping @Sendable (Int) -> Void) {
        let barrier = NSCondition()
        let arrived = Unchecked(0)
        let finished = NSCondition()
        let done = Unchecked(0)
        for thread in 0..<2 {
            Thread {
                barrier.lock()
                arrived.value += 1
                barrier.broadcast()
                while arrived.value < 2 { barrier.wait() }
                barrier.unlock()
                body(thread)
                finished.lock()
                done.value += 1
                finished.broadcast()
                finished.unlock()
            }.start()
        }
        finished.lock()
        while done.value < 2 { finished.wait() }
        finished.unlock()
    }
}

/// A value the canaries share between threads on purpose (or under their own lock).
final class Unchecked<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
