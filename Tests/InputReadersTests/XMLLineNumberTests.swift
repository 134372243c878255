import ImportCore
import InputReaders
import Testing

@Suite("XML: record line numbers")
struct XMLLineNumberTests {
    @Test("record lines are the start tag's line: exact below 65535, close after")
    func lines() throws {
        var xml = "<customers>\n"
        for n in 1...70_000 { xml += "<customer><id>\(n)</id></customer>\n" }
        xml += "</customers>\n"
        let outcome = try read(xml, name: "big.xml")
        #expect(outcome.error == nil)
        let records = outcome.records
        try #require(records.count == 70_000)
        let early = records.prefix(65_000)
        #expect(early.allSatisfy { $0.line == $0.number + 1 })
        let drift = records.suffix(4_000).map { $0.line - ($0.number + 1) }
        #expect(drift.allSatisfy { $0 >= 0 && $0 <= 40 }, "drift \(drift.min() ?? 0)...\(drift.max() ?? 0)")
        #expect(records.map(\.line) == records.map(\.line).sorted())
    }
}
