import Foundation
import ImportPipeline
import Logging

/// Writes `persona-import: error: …` to standard error.
func printError(_ error: any Error) {
    FileHandle.standardError.write(Data("persona-import: error: \(error)\n".utf8))
}

/// The logger for the executable: standard error, level from `PERSONA_IMPORT_LOG_LEVEL`
/// (default `warning`, so that the summary on standard output stays readable).
func makeLogger() -> Logger {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        let level = ProcessInfo.processInfo.environment["PERSONA_IMPORT_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        handler.logLevel = level ?? .warning
        return handler
    }
    return Logger(label: "persona-import")
}

/// Prints a validation summary: counts on standard output, rejected rows on standard error.
struct SummaryPrinter {
    var inputName: String

    func print(_ summary: ValidationSummary) {
        var out = "\(inputName): \(summary.recordsRead) rows read, \(summary.valid) valid, \(summary.rejected) rejected"
        if summary.seconds > 0 {
            out += String(format: " (%.2f s)", summary.seconds)
        }
        out += "\n"
        if let path = summary.rejectsPath {
            out += "rejected rows written to \(path) (fix them there and feed the file back as input)\n"
        }
        if !summary.topReasons.isEmpty {
            out += "most common reasons:\n"
            for (reason, count) in summary.topReasons {
                out += "  \(count) × \(reason)\n"
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        guard !summary.firstRejects.isEmpty else { return }
        var err = ""
        for row in summary.firstRejects {
            err += "\(inputName):\(row.line): rejected: \(row.reasons.joined(separator: "; "))\n"
        }
        if summary.rejected > summary.firstRejects.count {
            err += "… and \(summary.rejected - summary.firstRejects.count) more rejected rows in the rejects file\n"
        }
        FileHandle.standardError.write(Data(err.utf8))
    }
}
