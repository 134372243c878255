import ImportCore
import CommandLineValues
import Foundation
import ImportLedger
import ImportProtocol

extension RunReport {
    /// The morning-after page: one self-contained file (inline CSS and SVG, no scripts, nothing
    /// fetched), readable on screen and on paper.
    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>persona-import: \(escape(input))</title>
            <style>
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;margin:2rem auto;max-width:60rem;padding:0 1rem}
            h1{font-size:1.45rem;margin:0 0 .2rem}h2{font-size:1.1rem;margin:2rem 0 .6rem;border-bottom:1px solid #d8dce4;padding-bottom:.2rem}
            .sub{color:#5b6475;margin:0 0 1.2rem}.badge{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:600;font-size:.85rem}
            .ok{background:#dcf5e3;color:#11592b}.warn{background:#fff1cc;color:#6b4a00}.bad{background:#fde0e0;color:#7a1414}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:.6rem}
            .card{border:1px solid #d8dce4;border-radius:.5rem;padding:.5rem .7rem}.card b{display:block;font-size:1.35rem}
            .card span{color:#5b6475;font-size:.85rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
            th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e6e9ef;vertical-align:top}th{background:#f4f6f9}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.lines{color:#5b6475;font-size:.85rem}
            .next{background:#eef4ff;border-left:4px solid #3b6fd8;padding:.6rem .8rem;margin:1rem 0}code{font-size:.85rem}
            svg{width:100%;height:auto;border:1px solid #e6e9ef;border-radius:.4rem}.legend{font-size:.85rem;color:#5b6475}
            @media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}table,svg,.cards{break-inside:avoid}.next{border-left-color:#000}}
            </style></head><body>

            """
        let badge: String
        switch (outcome, exitCode) {
        case ("completed", 0): badge = "<span class=\"badge ok\">completed</span>"
        case ("completed", _): badge = "<span class=\"badge warn\">completed with rows to look at</span>"
        default: badge = "<span class=\"badge bad\">\(escape(outcome))</span>"
        }
        page += "<h1>persona-import run \(badge)</h1>\n"
        page += "<p class=\"sub\">\(escape(input)) · started \(escape(startedAt)) · \(formatSeconds(seconds)) · exit code \(exitCode)"
        if let stopReason { page += " · \(escape(stopReason))" }
        page += "</p>\n"
        if let nextStep { page += "<div class=\"next\"><b>Next:</b> \(escape(nextStep))</div>\n" }

        page += "<h2>Outcome</h2>\n<div class=\"cards\">\n"
        let cards: [(String, Int)] = [
            ("rows read", counts.read), ("created", counts.created), ("skipped (done before)", counts.skipped),
            ("rejected", counts.rejected), ("failed", counts.failed), ("unresolved", counts.unresolved),
            ("not sent", counts.notSent), ("already imported", counts.alreadyImported),
            ("duplicates found", counts.duplicateFound), ("indeterminate", counts.indeterminate),
            ("retries", counts.retries), ("429 answers", counts.rateLimited),
        ]
        for (label, value) in cards where value > 0 || ["rows read", "created", "rejected", "failed"].contains(label) {
            page += "<div class=\"card\"><b>\(value)</b><span>\(label)</span></div>\n"
        }
        page += "</div>\n"
        page += "<p>Average \(String(format: "%.2f", averageRate)) inquiries/s, peak \(String(format: "%.0f", peakRate))/s; "
        page += "\(secondsWaitingForRateLimit) s waiting for the rate limit.</p>\n"

        page += "<h2>Creates per second</h2>\n" + chart()

        page += funnelChart()

        page += section("Failed rows by reason", failedByReason, empty: "No row failed.")
        if !firstFailures.isEmpty {
            page += "<table><tr><th>line</th><th>reference-id</th><th>error</th><th>Request-Id</th></tr>\n"
            for failure in firstFailures {
                page += "<tr><td class=\"n\">\(failure.line)</td><td>\(escape(failure.referenceID ?? ""))</td>"
                page += "<td>\(escape(failure.error))</td><td><code>\(escape(failure.requestID ?? ""))</code></td></tr>\n"
            }
            page += "</table>\n"
        }
        page += section("Rejected rows by reason", rejectedByReason, empty: "No row was rejected.")
        if let rejectsFile { page += "<p>Rejected rows are in <code>\(escape(rejectsFile))</code>: fix them there and feed the file back.</p>\n" }

        page += "<h2>Files</h2>\n<table>\n"
        if let ledger { page += "<tr><th>ledger</th><td><code>\(escape(ledger))</code></td></tr>\n" }
        page += "<tr><th>input</th><td><code>\(escape(input))</code></td></tr>\n"
        page += "<tr><th>finished</th><td>\(escape(finishedAt))</td></tr>\n</table>\n"
        page += "<p class=\"legend\">Written by \(escape(tool)). Holds counts, line numbers, reasons and reference-ids; no field values.</p>\n"
        page += "</body></html>\n"
        return page
    }

    /// The job's inquiries by status as horizontal bars (nothing when no status was read yet).
    private func funnelChart() -> String {
        guard StatusFunnel.text(inquiryStatuses) != nil else { return "" }
        let entries = StatusFunnel.ordered(inquiryStatuses)
        let largest = Double(entries.map(\.count).max() ?? 1)
        var html = "<h2>Inquiries by status</h2>\n<table class=\"funnel\">\n"
        for (status, count) in entries {
            let width = Int((Double(count) / largest * 300).rounded())
            let label = status == InquiryStatusRecord.unknownStatus ? "not followed yet" : status
            html += "<tr><th>\(escape(label))</th><td class=\"n\">\(count)</td>"
            html += "<td><svg width=\"300\" height=\"12\" role=\"img\" aria-label=\"\(count)\"><rect width=\"\(max(1, width))\" height=\"12\" fill=\"#4a7bd0\"/></svg></td></tr>\n"
        }
        return html + "</table>\n<p class=\"legend\">As <code>persona-import follow</code> and the webhook receiver last recorded them when this run ended.</p>\n"
    }

    private func section(_ title: String, _ groups: [ReasonLines.Group], empty: String) -> String {
        var html = "<h2>\(title)</h2>\n"
        guard !groups.isEmpty else { return html + "<p>\(empty)</p>\n" }
        html += "<table><tr><th>reason</th><th>rows</th><th>lines</th></tr>\n"
        for group in groups.prefix(50) {
            let more = group.count > group.lines.count ? ", …" : ""
            html += "<tr><td>\(escape(group.reason))</td><td class=\"n\">\(group.count)</td>"
            html += "<td class=\"lines\">\(group.lines.map(String.init).joined(separator: ", "))\(more)</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// Bars of creates per second, 429s as red ticks, rate-limit waits shaded.
    private func chart() -> String {
        guard let last = timeline.last else {
            return counts.created + counts.failed > 0
                ? "<p>The run was too short for a chart (under a second of sending).</p>\n"
                : "<p>No request was sent.</p>\n"
        }
        let width = 900.0, height = 220.0, left = 48.0, bottom = 24.0, top = 10.0
        let span = Double(last.second + last.width)
        let peak = max(1, timeline.map { Double($0.created) / Double(max(1, $0.width)) }.max() ?? 1)
        let plotWidth = width - left - 10, plotHeight = height - top - bottom
        func x(_ second: Double) -> Double { left + plotWidth * second / max(1, span) }
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"creates per second over the run\">\n"
        for point in timeline where point.waiting > 0 {
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#eceff4\"/>\n",
                          x(Double(point.second)), top, max(0.5, x(Double(point.second + point.width)) - x(Double(point.second))), plotHeight)
        }
        for point in timeline where point.created > 0 {
            let rate = Double(point.created) / Double(max(1, point.width))
            let barHeight = plotHeight * rate / peak
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#3b6fd8\"/>\n",
                          x(Double(point.second)), top + plotHeight - barHeight,
                          max(0.5, x(Double(point.second + point.width)) - x(Double(point.second)) - 0.3), barHeight)
        }
        for point in timeline where point.rateLimited > 0 {
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"2\" height=\"8\" fill=\"#d83b3b\"/>\n",
                          x(Double(point.second)), top + plotHeight - 8)
        }
        svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8a93a5\"/>\n", left, top + plotHeight, width - 10, top + plotHeight)
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">%.0f/s</text>\n", left - 4, top + 10, peak)
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">0</text>\n", left - 4, top + plotHeight)
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#5b6475\">0 s</text>\n", left, height - 6)
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">", width - 10, height - 6)
            + formatSeconds(span) + "</text>\n"
        svg += "</svg>\n"
        svg += "<p class=\"legend\">Blue: inquiries created per second. Red ticks: 429 answers. Grey: waiting for a rate-limit window.</p>\n"
        return svg
    }

    private func formatSeconds(_ seconds: Double) -> String {
        OptionParsing.describe(seconds: seconds)
    }

    private func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
