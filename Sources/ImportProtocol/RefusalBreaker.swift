import ImportCore
import ImportLedger
import Locking

/// The circuit breaker's decision: rows refused for good by Persona (400, 404, 409, 422) one
/// after another with no create between them. A template that refuses a field refuses every
/// row; at 300 requests a minute a night's budget would go on refusals.
public struct RefusalStreak: Sendable {
    /// Refusals in a row that trip it.
    public let limit: Int
    /// Refusals since the last create.
    public private(set) var count = 0
    /// The streak's refusals by reason, for the message.
    private var reasons = ReasonTally(maximumDistinctReasons: 100)

    public init(limit: Int) {
        self.limit = limit
    }

    /// Counts one row's outcome; true when it trips the breaker (the `limit`th refusal in a
    /// row). A create ends the streak; outcomes that say nothing of the rows' content (a stop,
    /// a 5xx left unresolved, a row settled by a look-up) neither add to it nor end it.
    public mutating func observe(_ update: RowUpdate) -> Bool {
        switch update {
        case .failed(_, let error, _, _):
            count += 1
            reasons.add(error)
            return count == limit
        case .created:
            count = 0
            reasons = ReasonTally(maximumDistinctReasons: 100)
            return false
        default:
            return false
        }
    }

    /// The most common refusal of the streak and how often it came.
    public var mostCommon: (reason: String, count: Int)? { reasons.mostCommon(1).first }

    /// Why the run stops, and what to check.
    public var failure: RunFailure {
        let common = mostCommon.map { " The most common refusal (\($0.count) of them): \($0.reason)." } ?? ""
        return RunFailure(
            .refusedRepeatedly,
            "Persona refused \(limit) rows in a row, so nothing more is sent (--max-failures \(limit)).\(common) "
                + "Check the inquiry template's fields against the mapping (a field the template does not have, a value "
                + "it refuses), then run the same command again: the rows not sent are resumable, and the refused rows "
                + "are sent again with --retry-failed")
    }
}

/// The run's breaker, shared by the create workers: the streak under a lock, and the stop.
final class RefusalBreaker: Sendable {
    private let streak: Locked<RefusalStreak>
    private let control: RunControl

    init(limit: Int, control: RunControl) {
        streak = Locked(RefusalStreak(limit: limit))
        self.control = control
    }

    /// Counts a worker's outcome; stops the run when it trips.
    func observe(_ update: RowUpdate) {
        let tripped: RunFailure? = streak.withLock { $0.observe(update) ? $0.failure : nil }
        if let tripped { control.stop(.failed(tripped)) }
    }
}
