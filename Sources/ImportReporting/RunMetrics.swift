import ImportCore
import CommandLineValues
import CoreMetrics
import Foundation
import ImportProtocol

/// The run's facts as metrics, recorded through swift-metrics (the executable decides where
/// they go: Prometheus's text format for node_exporter's textfile collector). Gauges of the
/// last run, since each run rewrites the file.
public enum RunMetrics {
    /// Records `summary`; `succeeded` sets the last-success timestamp to `finishedAt`.
    public static func record(_ summary: ImportSummary, exitCode: Int32, finishedAt: Date, succeeded: Bool) {
        let outcomes: [(String, Int)] = [
            ("read", summary.recordsRead), ("created", summary.created), ("skipped", summary.skipped),
            ("rejected", summary.rejected), ("failed", summary.failed), ("unresolved", summary.unresolved),
            ("not-sent", summary.notSent), ("already-imported", summary.alreadyImported),
            ("duplicate-found", summary.duplicateFound), ("indeterminate", summary.indeterminate),
        ]
        for (outcome, count) in outcomes {
            Gauge(label: "persona_import_last_run_rows", dimensions: [("outcome", outcome)]).record(count)
        }
        Gauge(label: "persona_import_last_run_duration_seconds").record(summary.seconds)
        Gauge(label: "persona_import_last_run_rate_limited_responses").record(summary.rateLimited)
        Gauge(label: "persona_import_last_run_retries").record(summary.retries)
        Gauge(label: "persona_import_last_run_exit_code").record(Int(exitCode))
        // One series per reason, 1 for the run's: an alert can name the circuit breaker alone.
        let stoppedBy = summary.stoppedBy?.name ?? "none"
        for reason in StopReason.names {
            Gauge(label: "persona_import_last_run_stop_reason", dimensions: [("reason", reason)]).record(reason == stoppedBy ? 1 : 0)
        }
        recordFunnel(summary.inquiryStatuses)
        Gauge(label: "persona_import_last_run_timestamp_seconds").record(finishedAt.timeIntervalSince1970)
        if succeeded {
            Gauge(label: "persona_import_last_success_timestamp_seconds").record(finishedAt.timeIntervalSince1970)
        }
    }

    /// `persona_import_inquiries{status=…}`: the job's created inquiries by status.
    public static func recordFunnel(_ funnel: [String: Int]) {
        for (status, count) in StatusFunnel.ordered(funnel) {
            Gauge(label: "persona_import_inquiries", dimensions: [("status", status)]).record(count)
        }
    }

    /// `persona_import_links_unused{state="expiring"|"expired"}`: links nobody used yet that
    /// expire within a day, or did.
    public static func recordUnusedLinks(_ unused: UnusedLinks) {
        Gauge(label: "persona_import_links_unused", dimensions: [("state", "expiring")]).record(unused.expiring)
        Gauge(label: "persona_import_links_unused", dimensions: [("state", "expired")]).record(unused.expired)
    }
}
