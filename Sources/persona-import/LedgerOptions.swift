import ImportReporting
import ImportProtocol
import CommandLineValues
import ArgumentParser
import ImportCommands
import Foundation
import ImportLedger

/// Which ledger a command reads: shared by `status`, `export` and `reconcile`.
struct LedgerOptions: ParsableArguments {
    @Option(help: "The ledger: an SQLite file, or postgres://user@host:5432/db?sslmode=require (or PERSONA_IMPORT_LEDGER). Default: the only *.ledger.sqlite in the current directory.")
    var ledger: String?

    @Option(help: "The PostgreSQL schema that holds the ledger.")
    var ledgerSchema = LedgerLocation.defaultSchema

    /// Where the ledger is (a usage error when it cannot be told).
    func location() throws -> LedgerLocation {
        do {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: ".")) ?? []
            return try LedgerLocation.forReading(
                option: ledger, schema: ledgerSchema, environment: ProcessInfo.processInfo.environment, directoryEntries: entries)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// Opens an existing ledger (never creates one).
    func open() throws -> (ledger: any Ledger, path: String) {
        let location = try location()
        return (try location.open(create: false), location.displayName)
    }
}
