import ImportCommands
import ImportReporting
import ImportProtocol
import CommandLineValues
import Foundation
import ImportPipeline
import Metrics
import Prometheus

/// `--metrics-file`: swift-metrics bootstrapped onto a Prometheus registry; at the end the
/// registry's text format replaces the file atomically (mode 0644: node_exporter reads it; it
/// holds counts only).
struct RunMetricsFile {
    let registry: PrometheusCollectorRegistry

    /// Bootstraps the metrics system (once per process, before any metric is made).
    static func bootstrap() -> RunMetricsFile {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return RunMetricsFile(registry: registry)
    }

    static let lastSuccess = "persona_import_last_success_timestamp_seconds"

    /// `follow --metrics-file`: the job's inquiries by status, its unused links, and when they were read.
    func writeFollow(funnel: [String: Int], unusedLinks: UnusedLinks, to path: String) throws {
        RunMetrics.recordFunnel(funnel)
        RunMetrics.recordUnusedLinks(unusedLinks)
        Gauge(label: "persona_import_last_follow_timestamp_seconds").record(Date().timeIntervalSince1970)
        var text: [UInt8] = []
        registry.emit(into: &text)
        try OutputFile.writeAtomically(Data(text), to: path, mode: 0o644)
    }

    func write(_ summary: ImportSummary, exitCode: Int32, to path: String) throws {
        let succeeded = summary.jobComplete
        RunMetrics.record(summary, exitCode: exitCode, finishedAt: Date(), succeeded: succeeded)
        var text: [UInt8] = []
        registry.emit(into: &text)
        var output = String(decoding: text, as: UTF8.self)
        // A failed run keeps the last success the previous file recorded.
        if !succeeded, let previous = try? String(contentsOfFile: path, encoding: .utf8),
           let line = previous.split(separator: "\n").first(where: { $0.hasPrefix(Self.lastSuccess + " ") })
        {
            output += "# TYPE \(Self.lastSuccess) gauge\n\(line)\n"
        }
        try OutputFile.writeAtomically(Data(output.utf8), to: path, mode: 0o644)
    }
}
