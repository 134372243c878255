import Foundation
import Testing

/// `scripts/chaos.py` at a small size: the real binaries, SIGKILLs at random moments, faults
/// on the emulator; every valid row must end with exactly one inquiry and the ledger its id.
@Suite struct ChaosTests {
    @Test(arguments: ["faults", "next-night", "stored-5xx", "in-flight", "new-export", "shared-reference"])
    func killedAndResumedRunsLoseAndDuplicateNothing(scenario: String) throws {
        try chaos(scenario: scenario, extra: [])
    }

    @Test(.enabled(if: PostgresForCLI.url != nil, "PERSONA_IMPORT_TEST_POSTGRES_URL is not set: no PostgreSQL server"),
          arguments: ["faults", "stored-5xx", "new-export"])
    func theSameWithTheLedgerInPostgreSQL(scenario: String) throws {
        try chaos(scenario: scenario, extra: ["--ledger-url", PostgresForCLI.url ?? ""])
    }

    private func chaos(scenario: String, extra: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Importer.repositoryRoot.appendingPathComponent("scripts/chaos.py").path,
            "--bin", Importer.productsDirectory.path, "--rows", "400", "--kills", "3", "--seed", "5", "--rate", "150", "--scenario", scenario,
        ] + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("chaos \(scenario)") && text.contains(": PASS"), "\(text)")
        #expect(text.contains("duplicated 0"))
        #expect(text.contains("lost 0"))
    }
}
