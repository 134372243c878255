@testable import ImportPipeline
@testable import ImportProtocol
@testable import ImportReporting
@testable import ImportCore
import Testing

@Suite struct ReorderBufferTests {
    @Test func releasesBatchesInSequenceOrder() {
        var buffer = ReorderBuffer<String>()
        #expect(buffer.accept("c", sequence: 2).isEmpty)
        #expect(buffer.accept("b", sequence: 1).isEmpty)
        #expect(buffer.accept("a", sequence: 0) == ["a", "b", "c"])
        #expect(buffer.accept("d", sequence: 3) == ["d"])
        #expect(buffer.isEmpty)
    }

    @Test func tallyKeepsTheMostCommonReasons() {
        var tally = ReasonTally(maximumDistinctReasons: 3)
        for reason in ["x", "y", "x", "z", "x", "y", "w"] { tally.add(reason) }
        let top = tally.mostCommon(2)
        #expect(top.map(\.reason) == ["x", "y"])
        #expect(top.map(\.count) == [3, 2])
        #expect(tally.uncounted == 1, "a fourth distinct reason is past the bound")
    }
}

@Suite struct ReferenceIndexTests {
    @Test func findsTheFirstLineOfEveryRepeatAcrossGrowth() {
        var index = ReferenceIndex(expected: 0)
        for line in 1...5000 { #expect(index.firstLine(of: "ref-\(line)", line: line) == nil) }
        #expect(index.firstLine(of: "ref-1", line: 9000) == 1)
        #expect(index.firstLine(of: "ref-4999", line: 9001) == 4999)
        #expect(index.firstLine(of: "ref-5001", line: 9002) == nil)
        #expect(index.firstLine(of: "ref-5001", line: 9003) == 9002)
    }
}

import PersonaWire
import RecordMapping

@Suite struct OneHomeTests {
    /// The mapping schema's meta keys (what a mapping file may set) and the wire's (what the
    /// client may send) are the same set.
    @Test func theMetaKeysAgreeBetweenMappingAndWire() {
        #expect(Set(MetaKeys.names) == Set(InquiryCreateMeta.knownKeys))
    }
}
