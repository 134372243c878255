/// Rows grouped by reason (a rejection rule, or Persona's error), with a count and the first
/// line numbers of each: what a report shows. Reasons never quote field values.
public struct ReasonLines: Sendable {
    /// One reason and the rows it stopped.
    public struct Group: Sendable, Codable, Equatable {
        public var reason: String
        public var count: Int
        /// The first lines seen (the first ones in input order for rejects; failures arrive as
        /// the workers finish them), sorted.
        public var lines: [Int]
    }

    private var groups: [String: Group] = [:]
    private let linesPerReason: Int
    private let maximumReasons: Int
    /// Rows whose reason arrived after `maximumReasons` distinct ones.
    public private(set) var uncounted = 0

    public init(linesPerReason: Int = 50, maximumReasons: Int = 1000) {
        self.linesPerReason = linesPerReason
        self.maximumReasons = maximumReasons
    }

    public mutating func add(_ reason: String, line: Int) {
        if groups[reason] == nil {
            guard groups.count < maximumReasons else {
                uncounted += 1
                return
            }
            groups[reason] = Group(reason: reason, count: 0, lines: [])
        }
        groups[reason]?.count += 1
        if let count = groups[reason]?.lines.count, count < linesPerReason { groups[reason]?.lines.append(line) }
    }

    /// The groups, most rows first (ties alphabetical), each group's lines in input order.
    public var sorted: [Group] {
        groups.values.map { group in
            var ordered = group
            ordered.lines.sort()
            return ordered
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason }
    }
}
