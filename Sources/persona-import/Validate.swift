import ImportCommands
import ImportReporting
import ImportProtocol
import CommandLineValues
import ArgumentParser
import Foundation
import ImportPipeline
import Logging
import RecordMapping

/// `persona-import validate`: read → map → validate with no network.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read, map and validate an export without sending anything.",
        discussion: """
            Prints rows read, valid and rejected, with the most common reasons. Rejected rows go \
            to the rejects file (0600) with their _line and _errors; fix them there and feed the \
            file back as input.
            Examples:
              persona-import validate customers.csv --mapping customers.mapping.yaml
              persona-import validate people.csv --template itmpl_…
              persona-import validate - --format csv < customers.csv
            \(ExitStatus.helpLine([.success, .rowsNeedAttention, .failure, .usage]))
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var mappingOptions: MappingOptions

    @Option(help: "Where rejected rows go (created 0600). Default: <input>.rejects.csv.")
    var rejects: String?

    @Option(help: "Threads that map and validate (default: one per core, at most \(RunRequest.mostThreads)).")
    var workers: Int = RunRequest.defaultWorkers

    @Option(help: "How many rejected rows to list on standard error.")
    var showRejects: Int = 10

    func validate() throws {
        do {
            try RunRequest.validateWorkers(workers)
        } catch {
            throw ValidationError(error.message)
        }
        guard showRejects >= 0 else { throw ValidationError("--show-rejects cannot be negative.") }
    }

    func run() throws {
        let logger = makeLogger()
        let mapping: MappingConfiguration
        do {
            mapping = try MappingConfiguration.load(
                mappingFile: mappingOptions.mapping,
                schemaFile: mappingOptions.schema,
                templateOverride: mappingOptions.template
            )
        } catch {
            printError(error)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
        let options = ValidationOptions(
            inputPath: input.input,
            reader: input.readerOptions,
            rejectsPath: rejects,
            mapWorkers: workers,
            rejectsToShow: showRejects
        )
        let summary = runValidation(options: options, mapping: mapping, logger: logger)
        SummaryPrinter(inputName: input.input == "-" ? "<stdin>" : input.input).print(summary)
        if let error = summary.stoppedBy {
            printError(error)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
        if summary.rejected > 0 { throw ExitCode(ExitStatus.rowsNeedAttention.rawValue) }
    }
}
