import ImportCore
import InputReaders
import Testing

/// A corrected rejects file fed back: the CSV reader takes off the rejects writer's formula
/// guard (`RejectsFileFormat`), and only in such a file.
@Suite("CSV: rejects files fed back")
struct CSVRejectsFileTests {
    @Test func theGuardComesOffNamesAndValuesOfARejectsFile() throws {
        let text = "'@id,name,note,_line,_errors\n7,'=1+2,''=kept,2,'=reason\n8,'s-Hertogenbosch,'-5,3,r\n"
        let outcome = try read(text, name: "input.csv.rejects.csv")
        #expect(outcome.error == nil)
        #expect(outcome.records.first?.names.names == ["@id", "name", "note", "_line", "_errors"])
        #expect(outcome.records.map(\.values) == [
            ["7", "=1+2", "'=kept", "2", "=reason"],
            ["8", "'s-Hertogenbosch", "-5", "3", "r"],
        ])
    }

    @Test func rowErrorsOfARejectsFileCarryTheUnguardedValues() throws {
        let outcome = try read("a,b,_errors\n'=x,1\n", name: "r.csv")
        #expect(outcome.rowErrors.first?.values == ["=x", "1"])
    }

    @Test func anyOtherFileKeepsItsValuesByteForByte() throws {
        let outcome = try read("'@id,name,line,errors\n7,'=1+2,2,x\n", name: "input.csv")
        #expect(outcome.records.first?.names.names == ["'@id", "name", "line", "errors"])
        #expect(outcome.records.first?.values == ["7", "'=1+2", "2", "x"])
    }
}
