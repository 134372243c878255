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

            Exit codes: 0 every row created or already done; 1 some rows rejected, failed or \
            unresolved; 2 a file, configuration or ledger error; 3 the API refused the key; \
            64 invalid usage; 75 stopped by --time-limit with rows left (run again to resume); \
            130/143 interrupted by SIGINT/SIGTERM (run again to resume).
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var mappingOptions: MappingOptions

    @Option(help: "The ledger: an SQLite file (created 0600), or postgres://user@host:5432/db?sslmode=require (or PERSONA_IMPORT_LEDGER). Default: <input>.ledger.sqlite.")
    var ledger: String?

    @Option(help: "The PostgreSQL schema that holds the ledger (created on first use).")
    var ledgerSchema = "persona_import"

    @Option(help: "With a PostgreSQL ledger, wait this long for another run to finish instead of refusing at once, e.g. 10m.")
    var waitForLock: String?

    @Option(help: "Where rejected rows go (created 0600). Default: <input>.rejects.csv.")
    var rejects: String?

    @Option(help: "Requests in flight at once (1-64).")
    var concurrency = 8

    @Option(help: "The rate assumed until Persona's headers tell the real one, e.g. 300/60s.")
    var rateLimit = "300/60s"

    @Option(help: "Percent of each rate-limit window left to your other API traffic (0-90).")
    var headroom = 0.0

    @Option(help: "Stop taking new rows after this long, e.g. 5h30m; rows left are resumed by the next run (exit 75).")
    var timeLimit: String?

    @OptionGroup var api: APIOptions

    @Option(help: "Resend under the same Idempotency-Key only within this long of its first use; past it, look the row up by reference-id first (e.g. 1h, 24h).")
    var idempotencyWindow = "1h"

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

    @Option(help: "Threads that map and validate (one per core by default, at most 64).")
    var workers = min(64, max(1, ProcessInfo.processInfo.activeProcessorCount))

    @Option(help: "How many rejected and failed rows to list on standard error.")
    var showRejects = 10

    @Flag(help: "No progress line (on a terminal) or progress log lines (otherwise).")
    var noProgress = false

    @Option(help: "Log format: text or json (one JSON object per line, for log shippers).")
    var logFormat = "text"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default: notice, or PERSONA_IMPORT_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "Write the run's report: FILE.json (stable keys, see README) or FILE.html (a self-contained page). Repeatable.")
    var report: [String] = []

    @Option(help: "Write Prometheus metrics here (text format, for node_exporter's textfile collector), atomically.")
    var metricsFile: String?

    @Flag(help: "Allow a production key (persona_production_…); also PERSONA_IMPORT_ALLOW_PRODUCTION=1.")
    var production = false

    func validate() throws {
        guard input.input != "-" else {
            throw ValidationError("run needs a file, not standard input: the ledger resumes a job by its file. Save the export to a file first.")
        }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64; got \(concurrency).") }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64.") }
        guard headroom.isFinite, (0...90).contains(headroom) else { throw ValidationError("--headroom must be a percentage from 0 to 90; got \(headroom).") }
        guard showRejects >= 0 else { throw ValidationError("--show-rejects cannot be negative.") }
        guard LogFormat(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json; got '\(logFormat)'.") }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical; got '\(logLevel)'.")
        }
        for path in report where !(path.lowercased().hasSuffix(".json") || path.lowercased().hasSuffix(".html")) {
            throw ValidationError("--report must name a .json or .html file; got '\(path)'.")
        }
        do {
            _ = try OptionParsing.rate(rateLimit, option: "--rate-limit")
            if let timeLimit { _ = try OptionParsing.duration(timeLimit, option: "--time-limit") }
            _ = try OptionParsing.duration(idempotencyWindow, option: "--idempotency-window")
            if let waitForLock { _ = try OptionParsing.duration(waitForLock, option: "--wait-for-lock") }
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let logger = makeLogger(format: LogFormat(rawValue: logFormat) ?? .text, level: logLevel.flatMap(Logger.Level.init(rawValue:)))
        let metrics = metricsFile.map { _ in RunMetricsFile.bootstrap() }
        let startedAt = Date()
        let setup: RunSetup
        do {
            setup = try RunSetup(command: self, environment: ProcessInfo.processInfo.environment)
        } catch let error as ExitCode {
            throw error
        } catch {
            printError(error)
            throw ExitCode(2)
        }
        defer { setup.client?.shutdown() }
        setup.control.stopOnSignals()
        var importRun = ImportRun(
            options: setup.options, mapping: setup.mapping, ledger: setup.ledger, client: setup.client,
            control: setup.control, logger: logger)
        if let hold = setup.lock {
            importRun.lockHeld = hold.isHeld
            importRun.lockCheck = hold.check
        }
        let printer = RunSummaryPrinter(inputName: input.input, ledgerPath: setup.ledgerPath, dryRun: dryRun, rateLimit: rateLimit)
        let progress = ProgressLine(isTerminal: isatty(STDERR_FILENO) == 1, logger: logger)
        let showsProgress = !dryRun && !noProgress
        if !dryRun {
            // The plan in one line, before anything is sent.
            let plan = importRun.plan()
            if plan.stoppedBy == nil {
                printer.printPlan(plan)
                importRun.planned = plan.toCreate
            }
            if showsProgress {
                importRun.progressInterval = progress.interval
                importRun.onProgress = { progress.show($0) }
            }
        }
        let summary = importRun.run()
        if showsProgress { progress.finish() }
        printer.print(summary)
        let exitCode = RunSummaryPrinter.exitCode(summary)
        for path in report {
            let document = RunReport(
                summary: summary, tool: "persona-import \(PersonaImport.version)", input: input.input,
                ledger: dryRun ? nil : setup.ledgerPath, startedAt: startedAt, exitCode: exitCode, nextStep: printer.nextStep(summary))
            do {
                try document.write(to: path)
            } catch {
                printError(error)
            }
        }
        if let metricsFile, let metrics {
            do {
                try metrics.write(summary, exitCode: exitCode, to: metricsFile)
            } catch {
                printError(error)
            }
        }
        throw ExitCode(exitCode)
    }

    /// Where the ledger is: `--ledger`, else `PERSONA_IMPORT_LEDGER`, else beside the input.
    func ledgerBackend(environment: [String: String]) -> LedgerBackend {
        let location = ledger ?? environment[LedgerBackend.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
            ?? input.input + ".ledger.sqlite"
        return LedgerBackend(location, schema: ledgerSchema)
    }
}

/// Everything `run` builds from its options before it reads a row.
struct RunSetup {
    var options: ImportOptions
    var mapping: MappingConfiguration
    var ledger: (any Ledger)?
    var ledgerPath: String
    var client: PersonaAPIClient?
    var control: RunControl
    /// Held for the whole run: one run at a time per ledger.
    var lock: LedgerHold?

    init(command: Run, environment: [String: String]) throws {
        mapping = try MappingConfiguration.load(
            mappingFile: command.mappingOptions.mapping, schemaFile: command.mappingOptions.schema,
            templateOverride: command.mappingOptions.template)
        var options = ImportOptions(validation: ValidationOptions(
            inputPath: command.input.input, reader: command.input.readerOptions, rejectsPath: command.rejects,
            mapWorkers: command.workers, rejectsToShow: command.showRejects))
        options.mappingFile = command.mappingOptions.mapping
        options.schemaFile = command.mappingOptions.schema
        options.sending.concurrency = command.concurrency
        options.retryFailed = command.retryFailed
        options.dryRun = command.dryRun
        options.sending.allowDuplicateReferenceIDs = command.allowDuplicateReferenceIds
        let rate = try OptionParsing.rate(command.rateLimit, option: "--rate-limit")
        options.sending.rateLimit = rate.limit
        options.sending.ratePeriod = rate.period
        options.sending.headroom = command.headroom / 100
        options.timeLimit = try command.timeLimit.map { .milliseconds(Int64(try OptionParsing.duration($0, option: "--time-limit") * 1000)) }
        options.sending.idempotencyWindow = try OptionParsing.duration(command.idempotencyWindow, option: "--idempotency-window")
        options.requireReferenceID = command.requireReferenceId
        options.startNewJob = command.startNewJob
        self.options = options

        let backend = command.ledgerBackend(environment: environment)
        ledgerPath = backend.displayName
        if command.dryRun {
            // A dry run writes nothing: it reads the ledger only when one exists.
            ledger = backend.exists ? try backend.open(create: false) : nil
            client = nil
            lock = nil
        } else {
            let configuration = try command.api.clientConfiguration(environment: environment, connections: command.concurrency)
            if configuration.keyEnvironment == .production, !command.production, environment["PERSONA_IMPORT_ALLOW_PRODUCTION"] != "1" {
                throw RunSetupError(
                    "the API key is a production key (persona_production_…): real people would get inquiries. "
                        + "Pass --production (or set PERSONA_IMPORT_ALLOW_PRODUCTION=1) to confirm; nothing was sent")
            }
            let wait = try command.waitForLock.map { Duration.milliseconds(Int64(try OptionParsing.duration($0, option: "--wait-for-lock") * 1000)) }
            lock = try backend.lock(wait: wait ?? .zero)
            ledger = try backend.open()
            // Last: a client must be shut down, so it exists only once nothing else can fail.
            client = PersonaAPIClient(configuration: configuration)
        }
        control = RunControl(
            gate: RateGate(limit: rate.limit, period: rate.period, headroom: options.sending.headroom),
            timeLimit: options.timeLimit)
    }
}

