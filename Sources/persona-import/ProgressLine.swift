import Foundation
import ImportPipeline

/// The run's progress for people: on a terminal one status line redrawn in place every second;
/// otherwise (cron, CI) a plain line every ten seconds. Both on standard error.
struct ProgressLine: Sendable {
    let isTerminal: Bool

    /// How often the run reports.
    var interval: Double { isTerminal ? 1 : 10 }

    func show(_ progress: RunProgress) {
        let text = Self.text(progress)
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        } else {
            FileHandle.standardError.write(Data(("progress: " + text + "\n").utf8))
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
