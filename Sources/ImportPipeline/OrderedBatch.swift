import ImportCore
import ImportProtocol
import ImportReporting

/// A batch of read events with its place in the input, so that stages running in parallel can
/// put their results back in input order.
struct ReadBatch: Sendable {
    var sequence: Int
    var events: [ReadEvent]
}

/// The map stage's result for one `ReadBatch`.
struct MappedBatch: Sendable {
    var sequence: Int
    var records: Int
    var validCount = 0
    /// The valid records, when a later stage wants them (empty in a dry run).
    var valid: [ValidRecord] = []
    /// The records `valid` came from, parallel to it (a later duplicate reference-id is
    /// rejected with its original columns).
    var sources: [Record] = []
    var rejected: [RowError] = []
}

/// Releases batches in sequence order, holding back those that arrive early.
///
/// The buffer stays small: it never holds more batches than are in flight between the stages.
struct ReorderBuffer<Batch> {
    private var pending: [Int: Batch] = [:]
    private var nextSequence = 0

    /// Takes `batch` (numbered `sequence`) and returns every batch now ready, in order.
    mutating func accept(_ batch: Batch, sequence: Int) -> [Batch] {
        pending[sequence] = batch
        var ready: [Batch] = []
        while let next = pending.removeValue(forKey: nextSequence) {
            ready.append(next)
            nextSequence += 1
        }
        return ready
    }

    /// True when no batch is held back.
    var isEmpty: Bool { pending.isEmpty }
}
