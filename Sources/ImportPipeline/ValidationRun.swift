import Foundation
import ImportCore
import InputReaders
import Logging
import RecordMapping

/// What `persona-import validate` (and later `run --dry-run`) needs to know.
public struct ValidationOptions: Sendable {
    /// The input file, or `-` for standard input.
    public var inputPath: String
    public var reader: ReaderOptions
    /// Where rejected rows go; nil means beside the input (`<input>.rejects.csv`).
    public var rejectsPath: String?
    /// How many threads map and validate records.
    public var mapWorkers: Int
    /// How many records travel together between stages.
    public var batchSize: Int
    /// How many of the first rejected rows the summary keeps for display.
    public var rejectsToShow: Int

    public init(
        inputPath: String,
        reader: ReaderOptions = ReaderOptions(),
        rejectsPath: String? = nil,
        mapWorkers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount),
        batchSize: Int = 512,
        rejectsToShow: Int = 10
    ) {
        self.inputPath = inputPath
        self.reader = reader
        self.rejectsPath = rejectsPath
        self.mapWorkers = mapWorkers
        self.batchSize = batchSize
        self.rejectsToShow = rejectsToShow
    }

    /// The rejects file this run writes to.
    public var resolvedRejectsPath: String {
        if let rejectsPath { return rejectsPath }
        if inputPath == "-" { return "stdin.rejects.csv" }
        return inputPath + ".rejects.csv"
    }
}

/// The outcome of a read → map → validate run.
public struct ValidationSummary: Sendable {
    /// Data records read (row errors from the reader included).
    public var recordsRead = 0
    public var valid = 0
    public var rejected = 0
    /// The most common rejection reasons, most frequent first.
    public var topReasons: [(reason: String, count: Int)] = []
    /// The first rejected rows, in input order, for display.
    public var firstRejects: [RowError] = []
    /// The rejects file written, when any row was rejected.
    public var rejectsPath: String?
    /// The file-level error that stopped the run early, if any. Counts cover what came before.
    public var stoppedBy: (any Error)?
    public var seconds: Double = 0
}

/// Runs the read and map/validate stages: a reader thread, `mapWorkers` mapping threads and the
/// caller's thread collecting results in input order, joined by bounded queues.
///
/// `onValid` receives every valid record in input order on the collecting thread; the create
/// stage plugs in there. Without it (a dry run), valid records are counted and dropped by the
/// thread that made them, which spares the hand-off and a cross-thread free per row.
///
/// Errors that stop the whole run (a file-level input error, a mapping setup error) end up in
/// `ValidationSummary.stoppedBy`, with the counts of what came before; rows never stop the run.
public func runValidation(
    options: ValidationOptions,
    mapping: MappingConfiguration,
    logger: Logger,
    onValid: ((ValidRecord) -> Void)? = nil
) -> ValidationSummary {
    let started = ContinuousClock.now
    var summary = ValidationSummary()
    let reader: any RecordReader
    do {
        reader = try makeRecordReader(path: options.inputPath, options: options.reader)
    } catch {
        summary.stoppedBy = error
        return summary
    }
    let readQueue = BoundedQueue<ReadBatch>(capacity: 4 * options.mapWorkers)
    let mappedQueue = BoundedQueue<MappedBatch>(capacity: 4 * options.mapWorkers)
    let stages = DispatchGroup()

    let handOver = ReaderHandOver(reader)
    DispatchQueue(label: "persona-import.read").async(group: stages) {
        readStage(reader: handOver.reader, batchSize: options.batchSize, into: readQueue)
    }
    // XML records may leave out optional elements; a CSV header lacking a mapped column is a
    // mistake in the mapping file.
    let mapper = RecordMapper(configuration: mapping, missingColumns: reader is XMLRecordReader ? .absent : .setupError)
    let firstMapFailure = FirstError()
    let keepValid = onValid != nil
    let mappers = DispatchGroup()
    for index in 0..<options.mapWorkers {
        DispatchQueue(label: "persona-import.map.\(index)").async(group: mappers) {
            do {
                try mapStage(mapper: mapper, keepValid: keepValid, from: readQueue, into: mappedQueue)
            } catch {
                firstMapFailure.record(error)
                readQueue.close(throwing: error)
            }
        }
    }
    // Close the output only when every mapper is done, so no finished batch is dropped.
    mappers.notify(queue: DispatchQueue(label: "persona-import.map.done")) {
        mappedQueue.close(throwing: firstMapFailure.error)
    }

    let rejectsPath = options.resolvedRejectsPath
    var rejects: RejectsWriter?
    var tally = ReasonTally()
    var order = ReorderBuffer<MappedBatch>()
    do {
        while let batch = try mappedQueue.pop() {
            for ready in order.accept(batch, sequence: batch.sequence) {
                summary.recordsRead += ready.records
                summary.valid += ready.validCount
                summary.rejected += ready.rejected.count
                if let onValid { ready.valid.forEach(onValid) }
                for row in ready.rejected {
                    row.reasons.forEach { tally.add($0) }
                    if summary.firstRejects.count < options.rejectsToShow { summary.firstRejects.append(row) }
                    if rejects == nil { rejects = try RejectsWriter(path: rejectsPath) }
                    try rejects?.write(row)
                }
            }
        }
    } catch {
        summary.stoppedBy = error
        readQueue.close(throwing: error)
        mappedQueue.close(throwing: error)
    }
    do {
        try rejects?.close()
    } catch {
        summary.stoppedBy = summary.stoppedBy ?? error
    }
    stages.wait()
    mappers.wait()
    if rejects != nil {
        summary.rejectsPath = rejectsPath
    } else if options.rejectsPath == nil, isRegularFile(rejectsPath) {
        // A default-named rejects file left by an earlier run would pass for this run's. Only
        // that one is removed: a path the user named (even /dev/null) is never touched.
        try? FileManager.default.removeItem(atPath: rejectsPath)
        logger.info("removed the earlier rejects file: this run rejected no row", metadata: ["path": "\(rejectsPath)"])
    }
    summary.topReasons = tally.mostCommon(5)
    summary.seconds = (ContinuousClock.now - started).seconds
    logger.info(
        "validation finished",
        metadata: [
            "records": "\(summary.recordsRead)", "valid": "\(summary.valid)",
            "rejected": "\(summary.rejected)",
        ]
    )
    return summary
}

private func isRegularFile(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
}

/// Pulls events from the reader and hands them on in numbered batches.
private func readStage(reader: any RecordReader, batchSize: Int, into queue: BoundedQueue<ReadBatch>) {
    var sequence = 0
    var events: [ReadEvent] = []
    events.reserveCapacity(batchSize)
    do {
        while let event = try reader.next() {
            events.append(event)
            if events.count == batchSize {
                guard queue.push(ReadBatch(sequence: sequence, events: events)) else { return }
                sequence += 1
                events.removeAll(keepingCapacity: true)
            }
        }
        if !events.isEmpty { queue.push(ReadBatch(sequence: sequence, events: events)) }
        queue.close()
    } catch {
        // Records read before the error still go through: the queue drains, then fails.
        if !events.isEmpty { queue.push(ReadBatch(sequence: sequence, events: events)) }
        queue.close(throwing: error)
    }
}

/// Maps and validates batches until the read queue ends, with a mapper worker of its own.
///
/// Each new record shape is checked once (`prepare(for:)`); a shape the mapping cannot apply
/// to (a mapped column the header lacks) stops the run: it is a configuration error, not a
/// problem of one row.
private func mapStage(
    mapper: RecordMapper, keepValid: Bool, from input: BoundedQueue<ReadBatch>, into output: BoundedQueue<MappedBatch>
) throws {
    let worker = mapper.makeWorker()
    var preparedShape: FieldNames?
    while let batch = try input.pop() {
        var mapped = MappedBatch(sequence: batch.sequence, records: batch.events.count)
        if keepValid { mapped.valid.reserveCapacity(batch.events.count) }
        for event in batch.events {
            switch event {
            case .rowError(let error):
                mapped.rejected.append(error)
            case .record(let record):
                if record.names !== preparedShape {
                    try mapper.prepare(for: record.names)
                    preparedShape = record.names
                }
                switch worker.map(record) {
                case .valid(let valid):
                    mapped.validCount += 1
                    if keepValid { mapped.valid.append(valid) }
                case .rejected(let error): mapped.rejected.append(error)
                }
            }
        }
        guard output.push(mapped) else { return }
    }
}

/// Moves a reader to the thread that reads it.
private struct ReaderHandOver: @unchecked Sendable {
    // @unchecked: the reader is created on the caller's thread and from then on used only by
    // the read stage's thread.
    let reader: any RecordReader
    init(_ reader: any RecordReader) { self.reader = reader }
}

/// The first error among several threads.
private final class FirstError: @unchecked Sendable {
    // @unchecked: `stored` is guarded by `lock`.
    private let lock = NSLock()
    private var stored: (any Error)?

    func record(_ error: any Error) {
        lock.withLock { if stored == nil { stored = error } }
    }

    var error: (any Error)? { lock.withLock { stored } }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
