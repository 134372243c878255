import ImportCommands
import ImportReporting
import ImportProtocol
import CommandLineValues
import ArgumentParser
import Foundation
import ImportLedger
import ImportPipeline
import Logging
import PersonaClient
import RecordMapping

/// `persona-import run`: creates one inquiry per valid row, paced, recorded in a ledger.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create one Persona inquiry per valid row, paced to the rate limit, resumable.",
        discussion: """
            The key comes from PERSONA_API_KEY or --api-key-file, never from a flag value. \
            Every outcome is recorded in the ledger (default <input>.ledger.sqlite, 0600): run \
            the same command again to resume; rows already created are skipped without a request.

            Examples:
              PERSONA_API_KEY=persona_sandbox_… persona-import run customers.csv --mapping customers.mapping.yaml
              persona-import run people.csv --template itmpl_… --dry-run
              persona-import run export.xml --record-element customer --mapping xml.mapping.yaml --time-limit 5h30m

            \(ExitStatus.helpLine())
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var mappingOptions: MappingOptions

    @Option(help: "The ledger: an SQLite file (created 0600), or postgres://user@host:5432/db?sslmode=require (or PERSONA_IMPORT_LEDGER). Default: <input>.ledger.sqlite.")
    var ledger: String?

    @Option(help: "The PostgreSQL schema that holds the ledger (created on first use).")
    var ledgerSchema = LedgerLocation.defaultSchema

    @Option(help: "With a PostgreSQL ledger, wait this long for another run to finish instead of refusing at once, e.g. 10m.")
    var waitForLock: String?

    @Option(help: "Where rejected rows go (created 0600). Default: <input>.rejects.csv.")
    var rejects: String?

    @Option(help: "Requests in flight at once (1-\(RunRequest.mostThreads)).")
    var concurrency = SendOptions().concurrency

    @Option(help: "The rate assumed until Persona's headers tell the real one, e.g. 300/60s.")
    var rateLimit = RunRequest.defaultRateLimit

    @Option(help: "Percent of each rate-limit window left to your other API traffic (0-90).")
    var headroom = 0.0

    @Option(help: "Stop taking new rows after this long, e.g. 5h30m; rows left are resumed by the next run (exit 75).")
    var timeLimit: String?

    @OptionGroup var api: APIOptions

    @Option(help: "Resend under the same Idempotency-Key only within this long of its first use; past it, look the row up by reference-id first (e.g. 1h, 24h).")
    var idempotencyWindow = RunRequest.defaultIdempotencyWindow

    @Flag(help: "Reject valid rows without a reference-id (they cannot be reconciled after a server error).")
    var requireReferenceId = false

    @Flag(help: "Import a changed input although an unfinished job was started from the same path.")
    var startNewJob = false

    @Flag(help: "Read, map, validate and consult the ledger; print what would be sent and how long it would take; send nothing.")
    var dryRun = false

    @Flag(help: "Send rows that failed in an earlier run again.")
    var retryFailed = false

    @Flag(help: "Let rows share a reference-id (each gets its own inquiry). Off: later rows are rejected.")
    var allowDuplicateReferenceIds = false

    @Flag(help: "Ask for each person's one-time link with each create and keep it in the ledger (export --include-links).")
    var oneTimeLinks = false

    @Option(help: "Threads that map and validate (one per core by default, at most \(RunRequest.mostThreads)).")
    var workers = RunRequest.defaultWorkers

    @Option(help: "How many rejected and failed rows to list on standard error.")
    var showRejects = 10

    @Flag(help: "No progress line (on a terminal) or progress log lines (otherwise).")
    var noProgress = false

    @Option(help: "Log format: text or json (one JSON object per line, for log shippers).")
    var logFormat = "text"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default: notice, or PERSONA_IMPORT_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "Write the run's report: FILE.json (stable keys, see docs/reports.md) or FILE.html (a self-contained page). Repeatable.")
    var report: [String] = []

    @Option(help: "Write Prometheus metrics here (text format, for node_exporter's textfile collector), atomically.")
    var metricsFile: String?

    @Option(help: "Stop sending after this many rows in a row are refused by Persona (400, 404, 409, 422) with no create between them; 0 never stops.")
    var maxFailures = RunRequest.defaultMaxFailures

    @Option(help: "Send nothing when validation rejects more rows than this: a number (50) or a share of the rows read (5%).")
    var maxRejects: String?

    @Option(help: "A dead-man's switch (healthchecks.io style, or PERSONA_IMPORT_PING_URL): GET URL/start when the run starts, URL/<exit code> when it ends, with ?rid=<uuid>. https, or http to loopback; never printed in full.")
    var pingUrl: String?

    @Flag(help: "Allow a production key (persona_production_…); also PERSONA_IMPORT_ALLOW_PRODUCTION=1.")
    var production = false

    func validate() throws {
        guard LogFormat(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json; got '\(logFormat)'.") }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical; got '\(logLevel)'.")
        }
        for path in report where !(path.lowercased().hasSuffix(".json") || path.lowercased().hasSuffix(".html")) {
            throw ValidationError("--report must name a .json or .html file; got '\(path)'.")
        }
        do {
            try request.validate()
            _ = try pingTarget()
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The request, as the library takes it.
    var request: RunRequest {
        var request = RunRequest(input: input.input, reader: input.readerOptions, api: api.access)
        request.mappingFile = mappingOptions.mapping
        request.schemaFile = mappingOptions.schema
        request.template = mappingOptions.template
        request.ledger = ledger
        request.ledgerSchema = ledgerSchema
        request.waitForLock = waitForLock
        request.rejects = rejects
        request.concurrency = concurrency
        request.rateLimit = rateLimit
        request.headroomPercent = headroom
        request.timeLimit = timeLimit
        request.idempotencyWindow = idempotencyWindow
        request.requireReferenceID = requireReferenceId
        request.startNewJob = startNewJob
        request.dryRun = dryRun
        request.retryFailed = retryFailed
        request.oneTimeLinks = oneTimeLinks
        request.allowDuplicateReferenceIDs = allowDuplicateReferenceIds
        request.workers = workers
        request.rejectsToShow = showRejects
        request.production = production
        request.maxFailures = maxFailures
        request.maxRejects = maxRejects
        return request
    }

    /// `--ping-url`, else `PERSONA_IMPORT_PING_URL`.
    func pingTarget() throws(UsageError) -> PingURL? {
        let text = pingUrl ?? ProcessInfo.processInfo.environment[PingURL.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        return try text.map { text throws(UsageError) in try PingURL(parsing: text) }
    }

    func run() throws {
        let logger = makeLogger(format: LogFormat(rawValue: logFormat) ?? .text, level: logLevel.flatMap(Logger.Level.init(rawValue:)))
        let pinger = (try? pingTarget())?.map { Pinger(url: $0, logger: logger) }
        pinger?.ping(.start)
        let status = execute(logger: logger)
        pinger?.ping(.exit(status.rawValue))
        throw ExitCode(status.rawValue)
    }

    /// The run, from its set-up to its reports; its exit status.
    private func execute(logger: Logger) -> ExitStatus {
        let metrics = metricsFile.map { _ in RunMetricsFile.bootstrap() }
        let startedAt = Date()
        let setup: RunSetup
        do {
            setup = try RunSetup(request, environment: ProcessInfo.processInfo.environment, userAgent: PersonaImport.userAgent)
        } catch {
            printError(error)
            return ExitStatus.of(error)
        }
        defer { setup.client?.shutdown() }
        setup.control.stopOnSignals()
        var importRun = setup.importRun(logger: logger)
        let limit = try? request.rejectsLimit()
        let text = RunSummaryText(
            inputName: input.input == "-" ? "<stdin>" : input.input, ledgerPath: setup.ledgerLocation.displayName, dryRun: dryRun,
            rateLimit: rateLimit, arguments: Array(CommandLine.arguments.dropFirst(2)))
        let progress = ProgressLine(isTerminal: isatty(STDERR_FILENO) == 1, logger: logger)
        let showsProgress = !dryRun && !noProgress
        if !dryRun {
            // The plan in one line, before anything is sent.
            let plan = importRun.plan()
            if plan.stoppedBy == nil {
                printOut(text.plan(plan))
                importRun.planned = plan.toCreate
                if let refusal = limit?.check(plan, input: input.input) {
                    printError(refusal)
                    return ExitStatus.of(refusal)
                }
            }
            if showsProgress {
                importRun.progressInterval = progress.interval
                importRun.onProgress = { progress.show($0) }
            }
        }
        let summary = importRun.run()
        if showsProgress { progress.finish() }
        if dryRun, let refusal = limit?.check(summary, input: input.input) {
            printOut(text.render(summary).out)
            printError(refusal)
            return ExitStatus.of(refusal)
        }
        let (out, err) = text.render(summary)
        printOut(out)
        printErr(err)
        let status = ExitStatus.of(summary)
        writeReports(summary, status: status, ledger: dryRun ? nil : setup.ledgerLocation.displayName, startedAt: startedAt,
                     nextStep: text.nextStep(summary))
        if let metricsFile, let metrics {
            do {
                try metrics.write(summary, exitCode: status.rawValue, to: metricsFile)
            } catch {
                printError(error)
            }
        }
        return status
    }

    private func writeReports(_ summary: ImportSummary, status: ExitStatus, ledger: String?, startedAt: Date, nextStep: String?) {
        for path in report {
            let document = RunReport(
                summary: summary, tool: "persona-import \(PersonaImport.version)", input: input.input, ledger: ledger,
                startedAt: startedAt, exitCode: status.rawValue, nextStep: nextStep)
            do {
                try document.write(to: path)
            } catch {
                printError(error)
            }
        }
    }
}
