import Foundation
import ImportLedger

/// `persona-import export`'s view of a job's rows: one line per row, as CSV or JSON lines, for
/// the success and error files bulk-loader users expect.
public enum LedgerExport {
    /// The columns, in order.
    public static let columns = ["line", "reference-id", "state", "inquiry-id", "request-id", "attempts", "error"]

    static func values(_ row: LedgerRow) -> [String] {
        [String(row.line), row.referenceID ?? "", row.state.rawValue, row.inquiryID ?? "", row.requestID ?? "", String(row.attempts), row.error ?? ""]
    }

    /// One CSV line per row, with a header (RFC 4180 quoting).
    public static func csv(_ rows: [LedgerRow]) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for row in rows { out += values(row).map(quote).joined(separator: ",") + "\n" }
        return out
    }

    /// RFC 4180 quoting.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One JSON object per row and line (sorted keys).
    public static func jsonLines(_ rows: [LedgerRow]) throws -> String {
        var out = ""
        for row in rows {
            var object: [String: Any] = ["line": row.line, "state": row.state.rawValue, "attempts": row.attempts]
            object["reference-id"] = row.referenceID
            object["inquiry-id"] = row.inquiryID
            object["request-id"] = row.requestID
            object["error"] = row.error
            out += String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        return out
    }
}
