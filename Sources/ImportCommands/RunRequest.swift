import CommandLineValues
import Foundation
import ImportPipeline
import ImportProtocol
import InputReaders

/// What `persona-import run` was asked to do, as the command line gave it; ``validate()`` says
/// what cannot be used, ``RunSetup`` builds the run from it.
public struct RunRequest: Sendable {
    public var input: String
    public var reader: ReaderOptions
    public var mappingFile: String?
    public var schemaFile: String?
    public var template: String?
    public var ledger: String?
    public var ledgerSchema = LedgerLocation.defaultSchema
    public var waitForLock: String?
    public var rejects: String?
    public var concurrency = RunRequest.defaults.concurrency
    public var rateLimit = RunRequest.defaultRateLimit
    public var headroomPercent = 0.0
    public var timeLimit: String?
    public var idempotencyWindow = RunRequest.defaultIdempotencyWindow
    public var api: APIAccess
    public var requireReferenceID = false
    public var startNewJob = false
    public var dryRun = false
    public var retryFailed = false
    public var allowDuplicateReferenceIDs = false
    public var oneTimeLinks = false
    public var workers = RunRequest.defaultWorkers
    public var rejectsToShow = 10
    public var production = false
    /// `--max-failures`: rows refused in a row that stop the run; 0 never stops.
    public var maxFailures = RunRequest.defaultMaxFailures
    /// `--max-rejects`: rejected rows (or a share) past which nothing is sent.
    public var maxRejects: String?

    public init(input: String, reader: ReaderOptions, api: APIAccess) {
        self.input = input
        self.reader = reader
        self.api = api
    }

    /// The protocol's defaults, the one home of each figure the options show.
    public static let defaults = SendOptions()
    /// `300/60s`: Persona's default rate.
    public static let defaultRateLimit = OptionParsing.format(limit: defaults.rateLimit, period: defaults.ratePeriod)
    /// `1h`.
    public static let defaultIdempotencyWindow = OptionParsing.format(seconds: defaults.idempotencyWindow)
    /// `--max-failures`'s default: 50.
    public static let defaultMaxFailures = defaults.maxConsecutiveRefusals ?? 0
    /// The most workers or requests in flight an option accepts.
    public static let mostThreads = 64
    /// Map workers: one per core, at most ``mostThreads``.
    public static var defaultWorkers: Int { min(mostThreads, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Refuses what cannot be used, naming the option and the rule.
    public func validate() throws(UsageError) {
        guard input != "-" || reader.format != nil else {
            throw UsageError("standard input has no file name to tell its format by: pass --format csv or --format xml.")
        }
        guard (1...Self.mostThreads).contains(concurrency) else {
            throw UsageError("--concurrency must be between 1 and \(Self.mostThreads); got \(concurrency).")
        }
        try Self.validateWorkers(workers)
        guard headroomPercent.isFinite, (0...90).contains(headroomPercent) else {
            throw UsageError("--headroom must be a percentage from 0 to 90; got \(headroomPercent).")
        }
        guard rejectsToShow >= 0 else { throw UsageError("--show-rejects cannot be negative.") }
        guard maxFailures >= 0 else { throw UsageError("--max-failures cannot be negative (0 never stops).") }
        _ = try rejectsLimit()
        do {
            _ = try sendOptions()
            _ = try lockWait()
            _ = try timeLimitDuration()
        } catch {
            throw UsageError(error.message)
        }
    }

    /// `--workers` for `run` and `validate`.
    public static func validateWorkers(_ workers: Int) throws(UsageError) {
        guard (1...mostThreads).contains(workers) else { throw UsageError("--workers must be between 1 and \(mostThreads).") }
    }

    /// How the run sends: rate, headroom, workers, windows.
    func sendOptions() throws(OptionError) -> SendOptions {
        var options = SendOptions()
        let rate = try OptionParsing.rate(rateLimit, option: "--rate-limit")
        options.rateLimit = rate.limit
        options.ratePeriod = rate.period
        options.headroom = headroomPercent / 100
        options.concurrency = concurrency
        options.allowDuplicateReferenceIDs = allowDuplicateReferenceIDs
        options.oneTimeLinks = oneTimeLinks
        options.idempotencyWindow = try OptionParsing.duration(idempotencyWindow, option: "--idempotency-window")
        options.maxConsecutiveRefusals = maxFailures > 0 ? maxFailures : nil
        return options
    }

    /// `--max-rejects`, when given.
    public func rejectsLimit() throws(UsageError) -> RejectsLimit? {
        try maxRejects.map { text throws(UsageError) in try RejectsLimit(parsing: text) }
    }

    func timeLimitDuration() throws(OptionError) -> Duration? {
        guard let timeLimit else { return nil }
        return .milliseconds(Int64(try OptionParsing.duration(timeLimit, option: "--time-limit") * 1000))
    }

    func lockWait() throws(OptionError) -> Duration {
        guard let waitForLock else { return .zero }
        return .milliseconds(Int64(try OptionParsing.duration(waitForLock, option: "--wait-for-lock") * 1000))
    }

    /// Everything `run` needs beyond the mapping.
    func importOptions() throws(OptionError) -> ImportOptions {
        var options = ImportOptions(validation: ValidationOptions(
            inputPath: input, reader: reader, rejectsPath: rejects, mapWorkers: workers, rejectsToShow: rejectsToShow))
        options.sending = try sendOptions()
        options.mappingFile = mappingFile
        options.schemaFile = schemaFile
        options.retryFailed = retryFailed
        options.dryRun = dryRun
        options.timeLimit = try timeLimitDuration()
        options.requireReferenceID = requireReferenceID
        options.startNewJob = startNewJob
        return options
    }
}
