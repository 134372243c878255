import ImportLedger

/// A job's created inquiries by status, in the order an inquiry moves through them
/// (created → pending → completed → needs_review → approved / declined / failed / expired),
/// then any status Persona added, then those never read (`unknown`).
public enum StatusFunnel {
    /// The funnel's entries in order, empty ones left out.
    public static func ordered(_ funnel: [String: Int]) -> [(status: String, count: Int)] {
        let known = InquiryStatusRecord.funnelOrder
        let others = funnel.keys.filter { !known.contains($0) && $0 != InquiryStatusRecord.unknownStatus }.sorted()
        return (known + others + [InquiryStatusRecord.unknownStatus]).compactMap { status in
            funnel[status].flatMap { $0 > 0 ? (status, $0) : nil }
        }
    }

    /// `117 created, 2 approved, 1 declined`; nil when no status was ever read.
    public static func text(_ funnel: [String: Int]) -> String? {
        let entries = ordered(funnel)
        guard entries.contains(where: { $0.status != InquiryStatusRecord.unknownStatus }) else { return nil }
        return entries.map { "\($0.count) \($0.status == InquiryStatusRecord.unknownStatus ? "not followed yet" : $0.status)" }.joined(separator: ", ")
    }
}
