import ImportCommands
import ImportReporting
import ImportProtocol
import CommandLineValues
import Foundation
import ImportPipeline
import Logging

/// The run's progress for people: on a terminal one status line redrawn in place every second
/// on standard error; otherwise (cron, CI) a log line every ten seconds (level notice, with the
/// counts as metadata, so `--log-format json` keeps every line JSON).
struct ProgressLine: Sendable {
    let isTerminal: Bool
    let logger: Logger

    /// How often the run reports.
    var interval: Double { isTerminal ? 1 : 10 }

    func show(_ progress: RunProgress) {
        let text = Self.text(progress)
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        } else {
            var metadata: Logger.Metadata = [
                "read": "\(progress.recordsRead)", "created": "\(progress.created)", "skipped": "\(progress.skipped)",
                "rejected": "\(progress.rejected)", "failed": "\(progress.failed)",
                "rate": "\(String(format: "%.1f", progress.recentRate))",
            ]
            if let left = progress.secondsLeft { metadata["eta-seconds"] = "\(Int(left.rounded()))" }
            if let wait = progress.waitingForRateLimit { metadata["waiting-seconds"] = "\(Int(wait.rounded(.up)))" }
            logger.notice("progress: \(text)", metadata: metadata)
        }
    }

    /// Clears the status line before the summary.
    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    static func text(_ progress: RunProgress) -> String {
        var parts = [
            "read \(progress.recordsRead)", "created \(progress.created)", "skipped \(progress.skipped)",
            "rejected \(progress.rejected)", "failed \(progress.failed)", String(format: "%.1f/s", progress.recentRate),
        ]
        if let fraction = progress.fraction { parts.append(String(format: "%.0f%%", fraction * 100)) }
        if let left = progress.secondsLeft { parts.append("ETA " + OptionParsing.describe(seconds: left)) }
        if let wait = progress.waitingForRateLimit { parts.append(String(format: "waiting for rate limit: %.0fs", wait.rounded(.up))) }
        return parts.joined(separator: " · ")
    }
}
