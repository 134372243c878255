import ArgumentParser
import ImportCommands
import ImportReporting
import ImportProtocol
import CommandLineValues
import Foundation
import ImportPipeline
import Logging

/// Writes `persona-import: error: …` to standard error.
func printError(_ error: any Error) {
    printErr("persona-import: error: \(error)\n")
}

/// Writes text to standard output.
func printOut(_ text: String) {
    if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
}

/// Writes text to standard error.
func printErr(_ text: String) {
    if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
}

/// The logger for the executable: standard error, as text or JSON lines; level from
/// `--log-level`, else `PERSONA_IMPORT_LOG_LEVEL`, else `notice` (progress lines without a
/// terminal, warnings and errors; the summary on standard output stays readable).
func makeLogger(format: LogFormat = .text, level: Logger.Level? = nil) -> Logger {
    let resolved = level
        ?? ProcessInfo.processInfo.environment["PERSONA_IMPORT_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        ?? .notice
    LoggingSystem.bootstrap { label in
        switch format {
        case .text:
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = resolved
            return handler
        case .json:
            return JSONLogHandler(label: label, logLevel: resolved)
        }
    }
    return Logger(label: "persona-import")
}

/// `--log-format`.
enum LogFormat: String, CaseIterable {
    case text
    case json
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

/// Runs a command's work; a failure is printed and becomes its exit code (``ExitStatus/of(_:)``
/// for a ``RunFailure``, 2 for anything else).
func exitingOnFailure<Value>(_ body: () throws -> Value) throws -> Value {
    do {
        return try body()
    } catch let error as RunFailure {
        printError(error)
        throw ExitCode(ExitStatus.of(error).rawValue)
    } catch {
        printError(error)
        throw ExitCode(ExitStatus.failure.rawValue)
    }
}
