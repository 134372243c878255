import ImportCore
import InputReaders
import Testing

/// Values of every length around the inline-String boundary (15 bytes), ASCII and not, in the
/// middle of a file and as the file's very last bytes (the reader's word-wide loads there).
@Suite("CSV: value strings")
struct CSVStringTests {
    @Test("short and long values, ASCII and not, read back exactly", arguments: [false, true])
    func lengths(atEnd: Bool) throws {
        for length in 0...20 {
            for unit in ["q", "é", "😀"] {
                let value = String(repeating: unit, count: length)
                let text = atEnd ? "a,b\nx,\(value)" : "a,b\n\(value),x\n"
                let outcome = try read(text)
                #expect(outcome.error == nil)
                let expected = atEnd ? ["x", value] : [value, "x"]
                #expect(outcome.records.first?.values == expected, "length \(length) of \(unit.utf8.count)-byte units")
                if let stored = outcome.records.first?.values[atEnd ? 1 : 0] {
                    #expect(stored.utf8.count == value.utf8.count)
                    #expect(stored.count == length)
                    #expect(stored.hashValue == value.hashValue)
                }
            }
        }
    }
}
