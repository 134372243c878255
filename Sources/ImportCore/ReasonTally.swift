/// Counts rejection reasons so a summary can show the most common ones.
///
/// Reasons never carry field values, so the same rule failing on many rows collapses to one
/// entry however many distinct values failed it.
public struct ReasonTally: Sendable {
    private var counts: [String: Int] = [:]
    /// Bounds memory on a file where every reason is different (e.g. one per byte offset).
    private let maximumDistinctReasons: Int
    /// Reasons that arrived after the bound was reached.
    public private(set) var uncounted = 0

    public init(maximumDistinctReasons: Int = 10_000) {
        self.maximumDistinctReasons = maximumDistinctReasons
    }

    public mutating func add(_ reason: String) {
        if let count = counts[reason] {
            counts[reason] = count + 1
        } else if counts.count < maximumDistinctReasons {
            counts[reason] = 1
        } else {
            uncounted += 1
        }
    }

    /// The `limit` most frequent reasons, most frequent first (ties in alphabetical order).
    public func mostCommon(_ limit: Int) -> [(reason: String, count: Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit)
            .map { (reason: $0.key, count: $0.value) }
    }
}
