import ArgumentParser
import Foundation
import ImportLedger

/// Which ledger a command reads: shared by `status`, `export` and `reconcile`.
struct LedgerOptions: ParsableArguments {
    @Option(help: "The ledger file (default: the only *.ledger.sqlite in the current directory).")
    var ledger: String?

    /// The ledger's path: as given, or the one ledger in the current directory.
    func resolvedPath() throws -> String {
        if let ledger { return ledger }
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
    func open() throws -> (ledger: SQLiteLedger, path: String) {
        let path = try resolvedPath()
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerOpenError(message: "\(path): no such ledger; check --ledger (a run creates it beside its input)")
        }
        return (try SQLiteLedger(path: path), path)
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
