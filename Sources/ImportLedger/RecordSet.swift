/// A set of record numbers (1-based) as a bit array: a million rows take 125 kB.
public struct RecordSet: Sendable, Equatable {
    private var words: [UInt64] = []
    /// How many records are in the set.
    public private(set) var count = 0

    /// An empty set.
    public init() {}

    /// Whether `record` is in the set.
    public func contains(_ record: Int) -> Bool {
        guard record >= 0 else { return false }
        let word = record >> 6
        return word < words.count && words[word] & (1 << UInt64(record & 63)) != 0
    }

    /// Adds `record` (non-negative).
    public mutating func insert(_ record: Int) {
        precondition(record >= 0, "record numbers are not negative")
        let word = record >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        let bit: UInt64 = 1 << UInt64(record & 63)
        if words[word] & bit == 0 {
            words[word] |= bit
            count += 1
        }
    }
}
