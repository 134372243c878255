import Foundation
import ImportLedger
@testable import ImportPipeline
@testable import ImportProtocol
@testable import ImportReporting
@testable import ImportCore
import Logging
import PersonaClient
import PersonaEmulator
import RecordMapping

/// A header-mode CSV: `reference-id,name-first,name-last,birthdate`; rows listed in `invalid`
/// lack their last name (rejected), rows in `duplicateOf` repeat that row's reference-id.
func writeExport(rows: Int, invalid: Set<Int> = [], duplicateOf: [Int: Int] = [:], tail: String = "") throws -> String {
    var text = "reference-id,name-first,name-last,birthdate\n"
    for row in 1...max(1, rows) where rows > 0 {
        let reference = "ref-\(duplicateOf[row] ?? row)"
        text += "\(reference),First\(row),\(invalid.contains(row) ? "" : "Last"),1990-01-01\n"
    }
    text += tail
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).csv").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// An emulator with no practical rate limit unless given one.
func makeEmulator(_ adjust: (inout EmulatorConfiguration) -> Void = { _ in }) -> PersonaEmulator {
    var configuration = EmulatorConfiguration()
    configuration.rateLimit = RateLimitRule(limit: 1_000_000, period: .seconds(1))
    adjust(&configuration)
    return PersonaEmulator(configuration: configuration, logger: Logger(label: "emulator"))
}

/// Everything one run of the pipeline needs, pointed at an emulator on `port`.
struct RunFixture {
    var path: String
    var port: Int
    var ledger: any Ledger
    var key = EmulatorConfiguration.defaultAPIKey
    var options: ImportOptions

    init(path: String, port: Int, ledger: any Ledger) {
        self.path = path
        self.port = port
        self.ledger = ledger
        options = ImportOptions(validation: ValidationOptions(
            inputPath: path, rejectsPath: path + ".rejects.csv", mapWorkers: 2, batchSize: 64))
        options.sending.rateLimit = 1_000_000
        options.sending.ratePeriod = 1
        options.sending.retry.backoff = Backoff(base: 0.005, cap: 0.05)
        options.sending.retry.networkAttempts = 30
        options.sending.retry.serverErrorAttempts = 30
    }

    /// Runs on a thread of its own; `whileRunning` gets the control (to stop it).
    func run(whileRunning: @escaping @Sendable (RunControl) -> Void = { _ in }) async throws -> ImportSummary {
        let mapping = try MappingConfiguration.headerMode(template: "itmpl_test")
        let client = PersonaAPIClient(configuration: try ClientConfiguration(
            base: APIBase("http://127.0.0.1:\(port)/api/v1"), apiKey: key, userAgent: "tests", maxConnections: options.sending.concurrency))
        defer { client.shutdown() }
        let control = RunControl(gate: RateGate(limit: options.sending.rateLimit, period: options.sending.ratePeriod, headroom: options.sending.headroom), timeLimit: options.timeLimit)
        var logger = Logger(label: "run")
        logger.logLevel = .error
        let run = ImportRun(options: options, mapping: mapping, ledger: ledger, client: client, control: control, logger: logger)
        return await withCheckedContinuation { continuation in
            Thread { whileRunning(control) }.start()
            Thread { continuation.resume(returning: run.run()) }.start()
        }
    }
}
