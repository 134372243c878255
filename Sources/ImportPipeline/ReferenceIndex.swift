import ImportProtocol
import ImportReporting
/// The first line of each reference-id seen in an input, kept as a 64-bit hash and a 32-bit
/// line in an open-addressing table: 12 bytes a slot, about a third of a `[Int: Int]`, so a
/// million-row run stays well inside its memory budget.
///
/// Two different ids share a hash with a chance of about n²/2⁶⁵ (3·10⁻⁸ for a million rows);
/// the cost of that is one row rejected as a repeat, which the operator sees in the rejects file.
struct ReferenceIndex {
    private var hashes: [UInt64]
    private var lines: [UInt32]
    private var count = 0
    private var mask: Int

    /// - Parameter expected: about how many ids will be added (sizes the table once).
    init(expected: Int) {
        var capacity = 1024
        while capacity * 3 < max(expected, 1) * 4 { capacity <<= 1 }
        hashes = Array(repeating: 0, count: capacity)
        lines = Array(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// Records `reference` at `line` unless it was seen before; returns the earlier line if so.
    mutating func firstLine(of reference: String, line: Int) -> Int? {
        var hasher = Hasher()
        hasher.combine(reference)
        var hash = UInt64(bitPattern: Int64(hasher.finalize()))
        if hash == 0 { hash = 1 } // 0 marks an empty slot
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == hash { return Int(lines[slot]) }
            slot = (slot + 1) & mask
        }
        hashes[slot] = hash
        lines[slot] = UInt32(clamping: line)
        count += 1
        if count * 4 > hashes.count * 3 { grow() }
        return nil
    }

    private mutating func grow() {
        let oldHashes = hashes, oldLines = lines
        hashes = Array(repeating: 0, count: oldHashes.count * 2)
        lines = Array(repeating: 0, count: oldHashes.count * 2)
        mask = hashes.count - 1
        for index in oldHashes.indices where oldHashes[index] != 0 {
            var slot = Int(truncatingIfNeeded: oldHashes[index]) & mask
            while hashes[slot] != 0 { slot = (slot + 1) & mask }
            hashes[slot] = oldHashes[index]
            lines[slot] = oldLines[index]
        }
    }
}
