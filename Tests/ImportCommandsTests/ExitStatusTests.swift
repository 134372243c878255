import Foundation
import ImportCommands
import ImportProtocol
import ImportReporting
import PersonaClient
import Testing

@Suite struct ExitStatusTests {
    private func summary(_ stoppedBy: StopReason? = nil, complete: Bool = false, _ change: (inout ImportSummary) -> Void = { _ in })
        -> ImportSummary
    {
        var summary = ImportSummary()
        summary.stoppedBy = stoppedBy
        summary.jobComplete = complete
        change(&summary)
        return summary
    }

    @Test func aRunThatFinishedEveryRowIsASuccess() {
        #expect(ExitStatus.of(summary(complete: true) { $0.created = 5 }) == .success)
    }

    @Test func rowsThatNeedAttentionAreOne() {
        #expect(ExitStatus.of(summary { $0.rejected = 1 }) == .rowsNeedAttention)
        #expect(ExitStatus.of(summary { $0.failed = 1 }) == .rowsNeedAttention)
        #expect(ExitStatus.of(summary { $0.unresolved = 1 }) == .rowsNeedAttention)
        #expect(ExitStatus.of(summary { $0.duplicateFound = 1 }) == .rowsNeedAttention)
        #expect(ExitStatus.of(summary { $0.indeterminate = 1 }) == .rowsNeedAttention)
    }

    @Test func everyKindOfFailureIsTwo() {
        for kind in RunFailure.Kind.allCases {
            #expect(ExitStatus.of(summary(.failed(RunFailure(kind, "x")))) == .failure, "\(kind)")
        }
    }

    @Test func aRefusedKeyIsThreeEvenWithRowsLeft() {
        let refused = summary(.keyRejected(PersonaFailure(status: 401, title: "Unauthorized"))) { $0.failed = 3 }
        #expect(ExitStatus.of(refused) == .keyRefused)
    }

    @Test func aTimeLimitIsSeventyFiveOnlyWithRowsLeft() {
        #expect(ExitStatus.of(summary(.timeLimit)) == .timeLimit)
        #expect(ExitStatus.of(summary(.timeLimit, complete: true)) == .success, "the limit came after the last row")
    }

    @Test func signalsAreOneHundredTwentyEightPlusTheirNumber() {
        #expect(ExitStatus.of(summary(.signal(SIGINT))) == .interrupted)
        #expect(ExitStatus.of(summary(.signal(SIGTERM))) == .terminated)
        #expect(ExitStatus.interrupted.rawValue == 128 + SIGINT && ExitStatus.terminated.rawValue == 128 + SIGTERM)
    }

    @Test func reconcileIsOneWhileRowsAreUnsettled() {
        var report = ReconcileReport()
        #expect(ExitStatus.of(reconcile: report) == .success)
        report.stoppedBy = .keyRejected(PersonaFailure(status: 401, title: "Unauthorized"))
        #expect(ExitStatus.of(reconcile: report) == .keyRefused)
        report.stoppedBy = .signal(SIGTERM)
        #expect(ExitStatus.of(reconcile: report) == .terminated)
    }

    @Test func theHelpLineNamesEveryCodeItIsGivenAndWhichResume() {
        let line = ExitStatus.helpLine()
        for status in ExitStatus.allCases {
            #expect(line.contains("\(status.rawValue) \(status.meaning)"), "\(status)")
        }
        #expect(line.hasSuffix("Run the same command again to resume after 1, 75, 130, 143."))
        let short = ExitStatus.helpLine([.success, .failure])
        #expect(!short.contains("resume") && !short.contains("64"))
    }

    /// docs/cli.md's table is this table: the same codes in the same order, each with its
    /// meaning as `--help` prints it.
    @Test func theDocsTableFollowsTheOneTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Exit codes").dropFirst().first)
        let rows = section.components(separatedBy: "\n## ")[0].split(separator: "\n")
            .filter { $0.hasPrefix("| ") && $0.dropFirst(2).first?.isNumber == true }
            .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        #expect(rows.map { $0[0] } == ExitStatus.allCases.map { String($0.rawValue) })
        for (row, status) in zip(rows, ExitStatus.allCases) {
            #expect(row[1] == status.meaning, "docs/cli.md's meaning of \(status.rawValue)")
        }
    }
}
