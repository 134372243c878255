import ImportReporting
import ImportProtocol
import CommandLineValues
import ArgumentParser
import Foundation
import ImportLedger

/// Which ledger a command reads: shared by `status`, `export` and `reconcile`.
struct LedgerOptions: ParsableArguments {
    @Option(help: "The ledger: an SQLite file, or postgres://user@host:5432/db?sslmode=require (or PERSONA_IMPORT_LEDGER). Default: the only *.ledger.sqlite in the current directory.")
    var ledger: String?

    @Option(help: "The PostgreSQL schema that holds the ledger.")
    var ledgerSchema = "persona_import"

    /// Where the ledger is.
    func backend() throws -> LedgerBackend {
        LedgerBackend(try resolvedPath(), schema: ledgerSchema)
    }

    /// The ledger's location: as given, else `PERSONA_IMPORT_LEDGER`, else the one ledger file in
    /// the current directory.
    func resolvedPath() throws -> String {
        if let ledger { return ledger }
        if let fromEnvironment = ProcessInfo.processInfo.environment[LedgerBackend.environmentVariable], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: ".")) ?? []
        let ledgers = names.filter { $0.hasSuffix(".ledger.sqlite") }.sorted()
        guard ledgers.count == 1 else {
            throw ValidationError(ledgers.isEmpty
                ? "no *.ledger.sqlite in the current directory; pass --ledger FILE"
                : "several ledgers here (\(ledgers.joined(separator: ", "))); pass --ledger FILE")
        }
        return ledgers[0]
    }

    /// Opens an existing ledger (never creates one).
    func open() throws -> (ledger: any Ledger, path: String) {
        let backend = try backend()
        return (try backend.open(create: false), backend.displayName)
    }
}

struct LedgerOpenError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// `2026-11-30 02:00:04 UTC`.
func formatTime(_ seconds: Double) -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.locale = Locale(identifier: "en_US_POSIX")
    return formatter.string(from: Date(timeIntervalSince1970: seconds))
}
