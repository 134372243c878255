import Foundation
import ImportLedger

/// `persona-import export`'s view of a job's rows: one line per row, as CSV or JSON lines, for
/// the success and error files bulk-loader users expect.
public enum LedgerExport {
    /// The columns, in order; the inquiry's status (as `follow` or the webhook receiver last
    /// recorded it) comes last, so that scripts reading the first seven keep working.
    public static let columns = [
        "line", "reference-id", "state", "inquiry-id", "request-id", "attempts", "error", "inquiry-status", "status-changed-at",
    ]

    /// The columns `--include-links` adds: bearer secrets, so never unless asked for.
    public static let linkColumns = ["one-time-link", "one-time-link-short", "link-expires-at"]

    static func values(_ row: LedgerRow, _ status: InquiryStatusRecord?) -> [String] {
        [
            String(row.line), row.referenceID ?? "", row.state.rawValue, row.inquiryID ?? "", row.requestID ?? "",
            String(row.attempts), row.error ?? "", status?.status ?? "", status.map { isoTime($0.changedAt) } ?? "",
        ]
    }

    static func linkValues(_ link: OneTimeLink?) -> [String] {
        [link?.url ?? "", link?.shortURL ?? "", link.map { isoTime($0.expiresAt) } ?? ""]
    }

    /// One CSV line per row, with a header (RFC 4180 quoting); `statuses` by inquiry id, and
    /// the links by inquiry id when `links` is given (`--include-links`).
    public static func csv(
        _ rows: [LedgerRow], statuses: [String: InquiryStatusRecord] = [:], links: [String: OneTimeLink]? = nil
    ) -> String {
        var out = (columns + (links == nil ? [] : linkColumns)).joined(separator: ",") + "\n"
        for row in rows {
            var fields = values(row, row.inquiryID.flatMap { statuses[$0] })
            if let links { fields += linkValues(row.inquiryID.flatMap { links[$0] }) }
            out += fields.map(quote).joined(separator: ",") + "\n"
        }
        return out
    }

    /// `2026-12-07T23:00:00.000Z`.
    static func isoTime(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// RFC 4180 quoting.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One JSON object per row and line (sorted keys).
    public static func jsonLines(
        _ rows: [LedgerRow], statuses: [String: InquiryStatusRecord] = [:], links: [String: OneTimeLink]? = nil
    ) throws -> String {
        var out = ""
        for row in rows {
            let status = row.inquiryID.flatMap { statuses[$0] }
            var object: [String: Any] = ["line": row.line, "state": row.state.rawValue, "attempts": row.attempts]
            object["reference-id"] = row.referenceID
            object["inquiry-id"] = row.inquiryID
            object["request-id"] = row.requestID
            object["error"] = row.error
            object["inquiry-status"] = status?.status
            object["status-changed-at"] = status.map { isoTime($0.changedAt) }
            if let link = row.inquiryID.flatMap({ links?[$0] }) {
                object["one-time-link"] = link.url
                object["one-time-link-short"] = link.shortURL
                object["link-expires-at"] = isoTime(link.expiresAt)
            }
            out += String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        return out
    }
}
