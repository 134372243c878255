import Foundation
import Locking

/// Where the emulator reads the time: rate-limit windows, quotas, idempotency TTL and
/// `created-at` all come from it, so tests can pass a ``ManualEmulatorClock`` and skip waiting.
public protocol EmulatorClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The real wall clock.
public struct SystemEmulatorClock: EmulatorClock {
    /// Creates the system clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }
}

/// A clock that moves only when told to; for tests of window resets and TTLs.
public final class ManualEmulatorClock: EmulatorClock {
    private let current: Locked<Date>

    /// Starts at `start` (by default 2026-01-01T00:00:00Z).
    public init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { current = Locked(start) }

    /// The clock's current time.
    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) { current.withLock { $0 += duration.seconds } }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
