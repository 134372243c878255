import Foundation
import ImportCore
import PersonaClient

/// Why a run stopped before the end of its input.
public enum StopReason: Sendable, Equatable {
    /// SIGINT or SIGTERM (the signal number).
    case signal(Int32)
    /// `--time-limit` ran out.
    case timeLimit
    /// Persona refused the key (401, or a 403 that is not a quota).
    case keyRejected(PersonaFailure)
    /// A file, mapping or ledger error.
    case failed(RunFailure)
}

extension StopReason {
    /// Names the reason in metrics: `signal`, `time-limit`, `key-rejected`, or the failure's kind.
    public var name: String {
        switch self {
        case .signal: "signal"
        case .timeLimit: "time-limit"
        case .keyRejected: "key-rejected"
        case .failed(let failure): failure.kind.rawValue
        }
    }

    /// Every name ``name`` can give, and `none` for a run that was not stopped.
    public static var names: [String] {
        ["none", "signal", "time-limit", "key-rejected"] + RunFailure.Kind.allCases.map(\.rawValue)
    }
}

/// The run's stop switch, shared by every stage: the first reason wins; stopping wakes every
/// thread that waits on the rate gate or in a backoff sleep.
public final class RunControl: @unchecked Sendable {
    // @unchecked: `reason` is guarded by `condition`; the rest is immutable.
    private let condition = NSCondition()
    private var reason: StopReason?
    private var signalSources: [any DispatchSourceSignal] = []
    /// Cancelled when the run stops, so that no worker waits for a window.
    public let gate: RateGate

    public init(gate: RateGate, timeLimit: Duration? = nil) {
        self.gate = gate
        if let timeLimit {
            // The one place the time limit is enforced: stopping also wakes workers that wait
            // for a rate-limit window past the deadline.
            DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit.seconds) { [weak self] in
                self?.stop(.timeLimit)
            }
        }
    }

    /// Stops the run for `reason` (ignored when already stopping).
    public func stop(_ reason: StopReason) {
        condition.lock()
        let first = self.reason == nil
        if first { self.reason = reason }
        condition.broadcast()
        condition.unlock()
        if first { gate.cancel() }
    }

    /// Why the run is stopping, or nil while it goes on.
    public var stopReason: StopReason? {
        condition.lock()
        defer { condition.unlock() }
        return reason
    }

    /// Sleeps `seconds`, or less when the run stops. Returns false when it stopped.
    func sleep(seconds: Double) -> Bool {
        let until = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while reason == nil {
            if !condition.wait(until: until) { return reason == nil }
        }
        return false
    }

    /// Turns SIGINT and SIGTERM into a graceful stop: no new rows, requests in flight finish,
    /// the ledger is committed.
    public func stopOnSignals() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.stop(.signal(signalNumber)) }
            source.resume()
            signalSources.append(source)
        }
    }
}
