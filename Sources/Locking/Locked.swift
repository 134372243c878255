import Foundation

/// A value guarded by a lock: the package's one lock box.
///
/// A plain mutex is cheaper than an actor hop on the request path. It is an `NSLock` (a pthread
/// mutex underneath) rather than the standard library's `Mutex` so that Helgrind, which knows
/// pthread locks, sees the happens-before edges it creates (scripts/valgrind.sh).
public final class Locked<State>: @unchecked Sendable {
    // @unchecked: `state` is only touched inside `withLock`.
    private let lock = NSLock()
    private var state: State

    /// A box holding `state`.
    public init(_ state: State) { self.state = state }

    /// Runs `body` with the state, holding the lock.
    public func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
