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

    @Option(help: "The ledger file (SQLite, created 0600). Default: <input>.ledger.sqlite.")
    var ledger: String?

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

    @Option(help: "The API base URL (or PERSONA_API_BASE). Plain http only for loopback addresses.")
    var apiBase: String?

    @Option(help: "The Persona-Version header.")
    var personaVersion = "2023-01-05"

    @Option(help: "A file holding the API key (instead of PERSONA_API_KEY); must not be readable by group or others.")
    var apiKeyFile: String?

    @Flag(help: "Read, map, validate and consult the ledger; print what would be sent and how long it would take; send nothing.")
    var dryRun = false

    @Flag(help: "Send rows that failed in an earlier run again.")
    var retryFailed = false

    @Flag(help: "Let rows share a reference-id (each gets its own inquiry). Off: later rows are rejected.")
    var allowDuplicateReferenceIds = false

    @Option(help: "Threads that map and validate (default: one per core).")
    var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    @Option(help: "How many rejected and failed rows to list on standard error.")
    var showRejects = 10

    func validate() throws {
        guard input.input != "-" else {
            throw ValidationError("run needs a file, not standard input: the ledger resumes a job by its file. Save the export to a file first.")
        }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64; got \(concurrency).") }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64.") }
        guard headroom.isFinite, (0...90).contains(headroom) else { throw ValidationError("--headroom must be a percentage from 0 to 90; got \(headroom).") }
        guard showRejects >= 0 else { throw ValidationError("--show-rejects cannot be negative.") }
        do {
            _ = try OptionParsing.rate(rateLimit, option: "--rate-limit")
            if let timeLimit { _ = try OptionParsing.duration(timeLimit, option: "--time-limit") }
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let logger = makeLogger()
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
        let importRun = ImportRun(
            options: setup.options, mapping: setup.mapping, ledger: setup.ledger, client: setup.client,
            control: setup.control, logger: logger)
        let summary = importRun.run()
        RunSummaryPrinter(inputName: input.input, ledgerPath: setup.ledgerPath, dryRun: dryRun, rateLimit: rateLimit).print(summary)
        throw ExitCode(RunSummaryPrinter.exitCode(summary))
    }

    var ledgerPath: String { ledger ?? input.input + ".ledger.sqlite" }
}

/// Everything `run` builds from its options before it reads a row.
struct RunSetup {
    var options: ImportOptions
    var mapping: MappingConfiguration
    var ledger: (any Ledger)?
    var ledgerPath: String
    var client: PersonaAPIClient?
    var control: RunControl

    init(command: Run, environment: [String: String]) throws {
        mapping = try MappingConfiguration.load(
            mappingFile: command.mappingOptions.mapping, schemaFile: command.mappingOptions.schema,
            templateOverride: command.mappingOptions.template)
        var options = ImportOptions(validation: ValidationOptions(
            inputPath: command.input.input, reader: command.input.readerOptions, rejectsPath: command.rejects,
            mapWorkers: command.workers, rejectsToShow: command.showRejects))
        options.mappingFile = command.mappingOptions.mapping
        options.schemaFile = command.mappingOptions.schema
        options.concurrency = command.concurrency
        options.retryFailed = command.retryFailed
        options.dryRun = command.dryRun
        options.allowDuplicateReferenceIDs = command.allowDuplicateReferenceIds
        let rate = try OptionParsing.rate(command.rateLimit, option: "--rate-limit")
        options.rateLimit = rate.limit
        options.ratePeriod = rate.period
        options.headroom = command.headroom / 100
        options.timeLimit = try command.timeLimit.map { .milliseconds(Int64(try OptionParsing.duration($0, option: "--time-limit") * 1000)) }
        self.options = options

        ledgerPath = command.ledgerPath
        if command.dryRun {
            // A dry run writes nothing: it reads the ledger only when one exists.
            ledger = FileManager.default.fileExists(atPath: ledgerPath) ? try SQLiteLedger(path: ledgerPath) : nil
            client = nil
        } else {
            let key = try APIKeySource.read(file: command.apiKeyFile, environment: environment)
            let base = try APIBase(command.apiBase ?? environment["PERSONA_API_BASE"] ?? APIBase.persona)
            let configuration = try ClientConfiguration(
                base: base, apiKey: key, personaVersion: .init(rawValue: command.personaVersion),
                userAgent: "persona-import/\(PersonaImport.version)", maxConnections: command.concurrency)
            ledger = try SQLiteLedger(path: ledgerPath)
            client = PersonaAPIClient(configuration: configuration)
        }
        control = RunControl(
            gate: RateGate(limit: rate.limit, period: rate.period, headroom: options.headroom),
            timeLimit: options.timeLimit)
    }
}

/// Reads the API key from `--api-key-file` or `PERSONA_API_KEY`; never from a flag value.
enum APIKeySource {
    static let environmentVariable = "PERSONA_API_KEY"

    static func read(file: String?, environment: [String: String]) throws -> String {
        if let file {
            var status = stat()
            guard stat(file, &status) == 0 else {
                throw RunSetupError("\(file): cannot read the API key file (\(String(cString: strerror(errno))))")
            }
            guard status.st_mode & 0o077 == 0 else {
                throw RunSetupError("\(file): the API key file is readable by group or others; run: chmod 600 \(file)")
            }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw RunSetupError("\(file): cannot read the API key file")
            }
            let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw RunSetupError("\(file): the API key file is empty") }
            return key
        }
        guard let key = environment[environmentVariable], !key.isEmpty else {
            throw RunSetupError("no API key: set \(environmentVariable) or pass --api-key-file FILE (or use --dry-run to send nothing)")
        }
        return key
    }
}
