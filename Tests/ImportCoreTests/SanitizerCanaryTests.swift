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

    @Test func aPlantedRaceOnAClassProperty() {
        let box = Box()
        let group = DispatchGroup()
        for _ in 0..<2 {
            DispatchQueue(label: "canary").async(group: group) {
                for _ in 0..<1000 { box.value += 1 }
            }
        }
        group.wait()
        #expect(box.value > 0)
    }
}

enum Environment {
    static var canary: Bool {
        ProcessInfo.processInfo.environment["PERSONA_IMPORT_SANITIZER_CANARY"] == "1"
    }
}
