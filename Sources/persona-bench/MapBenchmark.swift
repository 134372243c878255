import Dispatch
import Foundation
import ImportCore
import Locking
import RecordMapping

/// Maps and validates `records` on two threads (one `RecordMapper.Worker` each, halves of the
/// array) and reports the counts and the wall-clock time of the map + validate stage alone.
func runMapBenchmark(records: [Record], configuration: MappingConfiguration) -> (valid: Int, rejected: Int, seconds: Double) {
    let mapper = RecordMapper(configuration: configuration)
    let threads = 2
    let chunk = (records.count + threads - 1) / threads
    let results = Locked(Array(repeating: (valid: 0, rejected: 0), count: threads))
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
        results.withLock { $0[part] = (valid, rejected) }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let totals = results.withLock { $0.reduce((valid: 0, rejected: 0)) { ($0.valid + $1.valid, $0.rejected + $1.rejected) } }
    return (totals.valid, totals.rejected, seconds)
}
