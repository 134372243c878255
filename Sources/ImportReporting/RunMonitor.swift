import ImportCore
import CommandLineValues
import Foundation
import Locking
import ImportProtocol
import PersonaClient

/// A moment of a run, as the progress line and the log show it.
public struct RunProgress: Sendable {
    public var elapsed: Double
    public var recordsRead: Int
    public var created: Int
    public var skipped: Int
    public var rejected: Int
    public var failed: Int
    public var rateLimited: Int
    /// Rows to create in all (from the plan), when known.
    public var planned: Int?
    /// Creates per second over the last ten seconds.
    public var recentRate: Double
    /// Seconds until the rate limit lets requests out again, while it holds them back.
    public var waitingForRateLimit: Double?
    /// Creates per second the rate in force allows (for the ETA).
    public var allowedRate: Double

    /// Share of the planned creates done, 0...1.
    public var fraction: Double? {
        guard let planned, planned > 0 else { return nil }
        return min(1, Double(created + failed) / Double(planned))
    }

    /// Seconds left at the rate in force (or the recent rate, if lower).
    public var secondsLeft: Double? {
        guard let planned else { return nil }
        let left = max(0, planned - created - failed)
        let rate = recentRate > 0 ? min(recentRate, allowedRate) : allowedRate
        return rate > 0 ? Double(left) / rate : nil
    }
}

/// One second of a run's timeline: creates and 429s in it, and whether the gate held requests.
public struct TimelinePoint: Sendable, Codable, Equatable {
    /// Seconds since the run started (the start of the interval).
    public var second: Int
    /// Length of the interval in seconds (1, or more once a long run's timeline is merged).
    public var width: Int
    public var created: Int
    public var rateLimited: Int
    /// Seconds of the interval spent waiting for a rate-limit window.
    public var waiting: Int

    public init(second: Int, width: Int, created: Int, rateLimited: Int, waiting: Int) {
        self.second = second
        self.width = width
        self.created = created
        self.rateLimited = rateLimited
        self.waiting = waiting
    }

    enum CodingKeys: String, CodingKey {
        case second, width, created, waiting
        case rateLimited = "rate-limited"
    }
}

/// Watches a run: samples its counters once a second into a bounded timeline, and hands a
/// ``RunProgress`` to a callback every `interval` seconds (the progress line, or a log line).
public final class RunMonitor: @unchecked Sendable {
    // @unchecked: mutable state is guarded by `lock`; the sources are thread-safe.
    private let lock = NSCondition()
    private var timeline: [TimelinePoint] = []
    private var lastCreated = 0
    private var lastLimited = 0
    private var recent: [(time: Double, created: Int)] = []
    private var stopped = false
    private let done = DispatchGroup()
    private let started = ContinuousClock.now
    /// Points kept before neighbours are merged: a run of any length stays a few kB.
    private let maximumPoints = 1800

    public struct Sources: Sendable {
        public var read: @Sendable () -> (read: Int, skipped: Int, rejected: Int)
        public var recorded: @Sendable () -> (created: Int, failed: Int)
        public var rateLimited: @Sendable () -> Int
        public var waiting: @Sendable () -> Double?

        public init(
            read: @escaping @Sendable () -> (read: Int, skipped: Int, rejected: Int),
            recorded: @escaping @Sendable () -> (created: Int, failed: Int), rateLimited: @escaping @Sendable () -> Int,
            waiting: @escaping @Sendable () -> Double?
        ) {
            self.read = read
            self.recorded = recorded
            self.rateLimited = rateLimited
            self.waiting = waiting
        }
    }

    private let sources: Sources
    private let planned: Int?
    private let allowedRate: Double

    public init(sources: Sources, planned: Int?, allowedRate: Double, interval: Double?, report: (@Sendable (RunProgress) -> Void)?) {
        self.sources = sources
        self.planned = planned
        self.allowedRate = allowedRate
        DispatchQueue(label: "persona-import.monitor").async(group: done) { [self] in
            var tick = 0
            while waitASecond() {
                tick += 1
                let progress = sample(sources, planned: planned, allowedRate: allowedRate)
                if let interval, let report, Double(tick).truncatingRemainder(dividingBy: max(1, interval.rounded())) == 0, !isStopped {
                    report(progress)
                }
            }
        }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Waits a second; false once stopped (``finish()`` wakes it at once).
    private func waitASecond() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let until = Date(timeIntervalSinceNow: 1)
        while !stopped {
            if !lock.wait(until: until) { return !stopped }
        }
        return false
    }

    /// Appends the second that just ended (`final`: the part-second since the last one).
    private func sample(_ sources: Sources, planned: Int?, allowedRate: Double, final: Bool = false) -> RunProgress {
        let elapsed = (ContinuousClock.now - started).seconds
        let read = sources.read()
        let recorded = sources.recorded()
        let limited = sources.rateLimited()
        let waiting = sources.waiting()
        return lock.withLock {
            timeline.append(TimelinePoint(
                second: final ? (timeline.last.map { $0.second + $0.width } ?? 0) : max(0, Int(elapsed) - 1), width: 1, created: recorded.created - lastCreated,
                rateLimited: limited - lastLimited, waiting: waiting == nil ? 0 : 1))
            lastCreated = recorded.created
            lastLimited = limited
            if timeline.count > maximumPoints { mergeNeighbours() }
            recent.append((elapsed, recorded.created))
            recent.removeAll { $0.time < elapsed - 10.5 }
            let rate = recent.count > 1
                ? Double(recent[recent.count - 1].created - recent[0].created) / max(0.001, recent[recent.count - 1].time - recent[0].time)
                : 0
            return RunProgress(
                elapsed: elapsed, recordsRead: read.read, created: recorded.created, skipped: read.skipped, rejected: read.rejected,
                failed: recorded.failed, rateLimited: limited, planned: planned, recentRate: rate, waitingForRateLimit: waiting,
                allowedRate: allowedRate)
        }
    }

    private func mergeNeighbours() {
        var merged: [TimelinePoint] = []
        merged.reserveCapacity(timeline.count / 2 + 1)
        var index = 0
        while index < timeline.count {
            var point = timeline[index]
            if index + 1 < timeline.count {
                let next = timeline[index + 1]
                point.width += next.width
                point.created += next.created
                point.rateLimited += next.rateLimited
                point.waiting += next.waiting
            }
            merged.append(point)
            index += 2
        }
        timeline = merged
    }

    /// Stops sampling; returns the timeline, whose last point holds what happened since the
    /// last whole second, so that the points add up to every create and 429 of the run.
    public func finish() -> [TimelinePoint] {
        lock.withLock {
            stopped = true
            lock.broadcast()
        }
        done.wait()
        let recorded = sources.recorded().created
        let limited = sources.rateLimited()
        if lock.withLock({ recorded != lastCreated || limited != lastLimited }) {
            _ = sample(sources, planned: planned, allowedRate: allowedRate, final: true)
        }
        return lock.withLock { timeline }
    }
}

/// Counts the collector updates as it goes, for the monitor on another thread.
public final class LiveCounts: Sendable {
    private let values = Locked((read: 0, skipped: 0, rejected: 0))

    public init() {}

    public func set(read: Int, skipped: Int, rejected: Int) { values.withLock { $0 = (read, skipped, rejected) } }
    public var current: (read: Int, skipped: Int, rejected: Int) { values.withLock { $0 } }
}
