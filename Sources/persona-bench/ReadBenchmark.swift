import Foundation
import ImportCore
import InputReaders

/// What draining one input file with a reader measured.
struct ReadBenchmarkResult: Sendable {
    var records: Int
    var rowErrors: Int
    /// The input's size in bytes (0 for standard input).
    var bytes: Int
    var seconds: Double

    var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
    var rowsPerSecond: Double { seconds > 0 ? Double(records + rowErrors) / seconds : 0 }

    /// One line: `records=… rowErrors=… bytes=… seconds=… MB/s=… rows/s=…`.
    var summary: String {
        "records=\(records) rowErrors=\(rowErrors) bytes=\(bytes) seconds="
            + String(format: "%.3f", seconds) + " MB/s=" + String(format: "%.1f", megabytesPerSecond)
            + " rows/s=" + String(format: "%.0f", rowsPerSecond)
    }
}

/// How the benchmark consumes events.
enum ReadBenchmarkMode: Sendable {
    /// One thread pulls events straight from the reader.
    case direct
    /// A reader thread pushes 512-event batches through a `BoundedQueue`; this thread drains it.
    case queue
}

/// Reads `path` to the end as fast as possible and counts what came out.
func runReadBenchmark(path: String, options: ReaderOptions, mode: ReadBenchmarkMode = .direct) throws
    -> ReadBenchmarkResult
{
    let bytes = path == "-" ? 0 : ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    var records = 0
    var rowErrors = 0
    let started = DispatchTime.now().uptimeNanoseconds
    switch mode {
    case .direct:
        let reader = try makeRecordReader(path: path, options: options)
        while let event = try reader.next() {
            switch event {
            case .record: records += 1
            case .rowError: rowErrors += 1
            }
        }
    case .queue:
        let queue = BoundedQueue<[ReadEvent]>(capacity: 8)
        try startReading(path: path, options: options, into: queue, batchSize: 512)
        while let batch = try queue.pop() {
            for event in batch {
                switch event {
                case .record: records += 1
                case .rowError: rowErrors += 1
                }
            }
        }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    return ReadBenchmarkResult(records: records, rowErrors: rowErrors, bytes: bytes, seconds: seconds)
}
