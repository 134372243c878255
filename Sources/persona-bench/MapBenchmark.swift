import Dispatch
import Foundation
import ImportCore
import RecordMapping

/// Maps and validates `records` on two threads (one `RecordMapper.Worker` each, halves of the
/// array) and reports the counts and the wall-clock time of the map + validate stage alone.
func runMapBenchmark(records: [Record], configuration: MappingConfiguration) -> (valid: Int, rejected: Int, seconds: Double) {
    let mapper = RecordMapper(configuration: configuration)
    let threads = 2
    let chunk = (records.count + threads - 1) / threads
    let results = MapBenchmarkCounts(threads: threads)
    let start = DispatchTime.now().uptimeNanoseconds
    DispatchQueue.concurrentPerform(iterations: threads) { part in
        let worker = mapper.makeWorker()
        var valid = 0
        var rejected = 0
        let range = min(part * chunk, records.count)..<min((part + 1) * chunk, records.count)
        for index in range {
            switch worker.map(records[index]) {
            case .valid: valid += 1
            case .rejected: rejected += 1
            }
        }
        results.set(part, valid: valid, rejected: rejected)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let totals = results.totals()
    return (totals.valid, totals.rejected, seconds)
}

/// Per-thread counts of `runMapBenchmark`, written once per thread.
private final class MapBenchmarkCounts: @unchecked Sendable {
    // @unchecked: `counts` is only touched with `lock` held.
    private let lock = NSLock()
    private var counts: [(valid: Int, rejected: Int)]

    init(threads: Int) {
        counts = Array(repeating: (0, 0), count: threads)
    }

    func set(_ part: Int, valid: Int, rejected: Int) {
        lock.lock()
        counts[part] = (valid, rejected)
        lock.unlock()
    }

    func totals() -> (valid: Int, rejected: Int) {
        lock.lock()
        defer { lock.unlock() }
        return counts.reduce((0, 0)) { ($0.0 + $1.valid, $0.1 + $1.rejected) }
    }
}
