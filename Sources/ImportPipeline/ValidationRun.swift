import Foundation
import ImportCore
import ImportProtocol
import ImportReporting
import InputReaders
import Logging
import RecordMapping

/// What `persona-import validate` (and later `run --dry-run`) needs to know.
public struct ValidationOptions: Sendable {
    /// The input file, or `-` for standard input.
    public var inputPath: String
    /// The input as the user named it, when `inputPath` is a copy (`-` when standard input was
    /// spooled to a file): what messages, the rejects file's default and the job show.
    public var inputName: String?
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
        if shownPath == "-" { return "stdin.rejects.csv" }
        return inputPath + ".rejects.csv"
    }

    /// The input as the user named it.
    public var shownPath: String { inputName ?? inputPath }
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
        reader = try makeRecordReader(path: options.inputPath, options: options.reader, displayName: options.inputName)
    } catch {
        summary.stoppedBy = error
        return summary
    }
    let stages = MapStages(
        reader: reader, mapping: mapping, workers: options.mapWorkers, batchSize: options.batchSize,
        keepValid: onValid != nil)

    let rejectsPath = options.resolvedRejectsPath
    var rejects: RejectsWriter?
    var tally = ReasonTally()
    do {
        while let ready = try stages.next() {
            summary.recordsRead += ready.records
            summary.valid += ready.validCount
            summary.rejected += ready.rejected.count
            if let onValid { ready.valid.forEach(onValid) }
            for row in ready.rejected {
                row.reasons.forEach { tally.add($0) }
                if summary.firstRejects.count < options.rejectsToShow { summary.firstRejects.append(row) }
                if rejects == nil { rejects = try RejectsWriter(path: rejectsPath, isDefaultPath: options.rejectsPath == nil) }
                try rejects?.write(row)
            }
        }
    } catch {
        summary.stoppedBy = error
        stages.stop(throwing: error)
    }
    do {
        try rejects?.close()
    } catch {
        summary.stoppedBy = summary.stoppedBy ?? error
    }
    stages.wait()
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

func isRegularFile(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
}
