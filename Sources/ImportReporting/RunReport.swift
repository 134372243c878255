import ImportCore
import CommandLineValues
import Foundation
import ImportProtocol

/// The facts of one run as a document: written as JSON (`--report FILE.json`, stable keys,
/// documented in docs/reports.md) or as a self-contained HTML page (`--report FILE.html`).
/// Holds counts, line numbers, reasons and reference-ids of failed rows; never field values,
/// never the key.
public struct RunReport: Sendable, Codable, Equatable {
    public struct Counts: Sendable, Codable, Equatable {
        public var read: Int
        public var valid: Int
        public var created: Int
        public var skipped: Int
        public var rejected: Int
        public var failed: Int
        public var unresolved: Int
        public var notSent: Int
        public var alreadyImported: Int
        public var duplicateFound: Int
        public var indeterminate: Int
        public var retries: Int
        public var rateLimited: Int
        public var reconciliations: Int

        enum CodingKeys: String, CodingKey {
            case read, valid, created, skipped, rejected, failed, unresolved, retries, reconciliations
            case notSent = "not-sent"
            case alreadyImported = "already-imported"
            case duplicateFound = "duplicate-found"
            case indeterminate
            case rateLimited = "rate-limited"
        }
    }

    public struct Failure: Sendable, Codable, Equatable {
        public var line: Int
        public var referenceID: String?
        public var error: String
        public var requestID: String?

        enum CodingKeys: String, CodingKey {
            case line, error
            case referenceID = "reference-id"
            case requestID = "request-id"
        }
    }

    /// Version of this document's shape.
    public var reportVersion = 1
    public var tool: String
    public var input: String
    public var ledger: String?
    public var rejectsFile: String?
    public var startedAt: String
    public var finishedAt: String
    public var seconds: Double
    /// `completed`, `stopped-by-signal`, `time-limit`, `key-rejected`, `error`.
    public var outcome: String
    public var stopReason: String?
    public var exitCode: Int32
    public var jobComplete: Bool
    public var counts: Counts
    public var averageRate: Double
    public var peakRate: Double
    public var secondsWaitingForRateLimit: Int
    public var nextStep: String?
    public var rejectedByReason: [ReasonLines.Group]
    public var failedByReason: [ReasonLines.Group]
    public var firstFailures: [Failure]
    public var timeline: [TimelinePoint]
    /// The job's created inquiries by status (`follow`, webhooks), as recorded when the run ended.
    public var inquiryStatuses: [String: Int]

    enum CodingKeys: String, CodingKey {
        case tool, input, ledger, seconds, outcome, counts, timeline
        case reportVersion = "report-version"
        case rejectsFile = "rejects-file"
        case startedAt = "started-at"
        case finishedAt = "finished-at"
        case stopReason = "stop-reason"
        case exitCode = "exit-code"
        case jobComplete = "job-complete"
        case averageRate = "average-rate"
        case peakRate = "peak-rate"
        case secondsWaitingForRateLimit = "seconds-waiting-for-rate-limit"
        case nextStep = "next-step"
        case rejectedByReason = "rejected-by-reason"
        case failedByReason = "failed-by-reason"
        case firstFailures = "first-failures"
        case inquiryStatuses = "inquiry-statuses"
    }

    /// Builds the report of `summary`.
    public init(
        summary: ImportSummary, tool: String, input: String, ledger: String?, startedAt: Date, exitCode: Int32, nextStep: String?
    ) {
        self.tool = tool
        self.input = input
        self.ledger = ledger
        rejectsFile = summary.rejectsPath
        self.startedAt = Self.timestamp(startedAt)
        finishedAt = Self.timestamp(startedAt.addingTimeInterval(summary.seconds))
        seconds = (summary.seconds * 1000).rounded() / 1000
        switch summary.stoppedBy {
        case nil: outcome = "completed"; stopReason = nil
        case .signal(let number): outcome = "stopped-by-signal"; stopReason = "signal \(number)"
        case .timeLimit: outcome = "time-limit"; stopReason = "--time-limit reached"
        case .keyRejected(let failure): outcome = "key-rejected"; stopReason = failure.description
        case .failed(let failure): outcome = "error"; stopReason = failure.message
        }
        self.exitCode = exitCode
        jobComplete = summary.jobComplete
        counts = Counts(
            read: summary.recordsRead, valid: summary.valid, created: summary.created, skipped: summary.skipped,
            rejected: summary.rejected, failed: summary.failed, unresolved: summary.unresolved, notSent: summary.notSent,
            alreadyImported: summary.alreadyImported, duplicateFound: summary.duplicateFound, indeterminate: summary.indeterminate,
            retries: summary.retries, rateLimited: summary.rateLimited, reconciliations: summary.reconciliations)
        averageRate = (summary.averageRate * 100).rounded() / 100
        // A run shorter than a second has no timeline point: its average is its peak.
        peakRate = summary.timeline.isEmpty ? averageRate : summary.peakRate
        secondsWaitingForRateLimit = summary.secondsWaitingForRateLimit
        self.nextStep = nextStep
        rejectedByReason = summary.rejectedByReason
        failedByReason = summary.failedByReason
        firstFailures = summary.firstFailures.map { Failure(line: $0.line, referenceID: $0.referenceID, error: $0.error, requestID: $0.requestID) }
        timeline = summary.timeline
        inquiryStatuses = summary.inquiryStatuses
    }

    /// `2026-11-30T02:00:04Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The JSON document, keys sorted, pretty-printed.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes the report to `path` as JSON or HTML (by its extension), created 0600 (it holds
    /// reference-ids), replacing the file atomically.
    public func write(to path: String) throws {
        let isHTML = path.lowercased().hasSuffix(".html") || path.lowercased().hasSuffix(".htm")
        let data = isHTML ? Data(html().utf8) : try json() + Data("\n".utf8)
        try OutputFile.writeAtomically(data, to: path, mode: 0o600)
    }
}
