import ImportCore
import InputReaders
import Testing

@Suite("CSV: row errors and file errors")
struct CSVRowErrorTests {
    @Test("ragged rows are row errors with the counts and the raw values; reading goes on")
    func raggedRows() throws {
        let outcome = try read("a,b,c\n1,2,3\n1,2\n1,2,3,4\n7,8,9\n")
        #expect(outcome.error == nil)
        #expect(outcome.records.map(\.values) == [["1", "2", "3"], ["7", "8", "9"]])
        let errors = outcome.rowErrors
        try #require(errors.count == 2)
        #expect(errors[0].reasons == ["has 2 fields, header has 3"])
        #expect(errors[0].line == 3)
        #expect(errors[0].number == 2)
        #expect(errors[0].values == ["1", "2"])
        #expect(errors[0].names?.names == ["a", "b", "c"])
        #expect(errors[1].reasons == ["has 4 fields, header has 3"])
        #expect(errors[1].values == ["1", "2", "3", "4"])
        #expect(outcome.records.last?.number == 4)
    }

    @Test("invalid UTF-8 is a row error with the byte offset in the file, never the value")
    func invalidUTF8() throws {
        // Header is 8 bytes ("id,name\n"); row 1 is "1,ok\n" (5 bytes); row 2 starts at 13.
        let bytes = Array("id,name\n1,ok\n2,ab".utf8) + [0xC3, 0x28] + Array("cd\n3,fine\n".utf8)
        let outcome = try read(bytes: bytes)
        #expect(outcome.error == nil)
        #expect(outcome.records.map(\.values) == [["1", "ok"], ["3", "fine"]])
        let error = try #require(outcome.rowErrors.first)
        #expect(error.line == 3)
        #expect(error.number == 2)
        #expect(error.reasons.count == 1)
        #expect(error.reasons.first?.contains("column 2 (name) is not valid UTF-8 at byte offset 17 of the file") == true)
        #expect(error.reasons.first?.contains("ab") == false)
        #expect(error.values.first == "2")
    }

    @Test("a field over maxFieldBytes is a row error and the rest of the record is skipped")
    func tooLargeField() throws {
        let big = String(repeating: "x", count: 300_000)
        let quotedBig = "\"" + String(repeating: "y\n", count: 200_000) + "\""
        let text = "a,b,c\n1,2,3\n4,\(big),6,7,8\n9,\(quotedBig),z\n10,11,12\n"
        let outcome = try read(text, ReaderOptions(maxFieldBytes: 100_000))
        #expect(outcome.error == nil)
        #expect(outcome.records.map(\.values) == [["1", "2", "3"], ["10", "11", "12"]])
        let errors = outcome.rowErrors
        try #require(errors.count == 2)
        #expect(errors[0].line == 3)
        #expect(errors[0].reasons == [
            "column 2 (b) is larger than the 100000-byte field size limit; the rest of the record was skipped (raise the limit if the value is genuine)"
        ])
        #expect(errors[0].values.isEmpty)
        #expect(errors[1].line == 4)
        #expect(outcome.records.last?.line == 4 + 200_001)
        #expect(outcome.records.last?.number == 4)
    }

    @Test("the default field limit (1 MiB) rejects a 5 MB quoted field without a crash")
    func defaultLimitRejectsHugeField() throws {
        let huge = "\"" + String(repeating: "z", count: 5_000_000) + "\""
        let outcome = try read("a,b\n1,\(huge)\n2,ok\n")
        #expect(outcome.error == nil)
        #expect(outcome.rowErrors.count == 1)
        #expect(outcome.records.map(\.values) == [["2", "ok"]])
    }

    @Test("a record of many small fields larger than the read buffer is skipped, not buffered")
    func tooLargeRecord() throws {
        let wide = String(repeating: "a,", count: 1_500_000) + "z"
        let outcome = try read("h1,h2\n1,2\n\(wide)\n3,4\n", ReaderOptions(maxFieldBytes: 1000))
        #expect(outcome.error == nil)
        #expect(outcome.records.map(\.values) == [["1", "2"], ["3", "4"]])
        #expect(outcome.rowErrors.map(\.reasons) == [[
            "the record is larger than 3000 bytes (the field size limit times the column count plus one); it was skipped"
        ]])
        #expect(outcome.rowErrors.first?.line == 3)
    }

    @Test("NUL bytes reject the row with their offset")
    func nulBytes() throws {
        let bytes = Array("a,b\n1,x".utf8) + [0] + Array("y\n\"q".utf8) + [0] + Array("\",2\n3,4\n".utf8)
        let outcome = try read(bytes: bytes)
        #expect(outcome.error == nil)
        #expect(outcome.records.map(\.values) == [["3", "4"]])
        let errors = outcome.rowErrors
        try #require(errors.count == 2)
        #expect(errors[0].reasons.first?.contains("column 2 (b) contains a NUL byte at byte offset 7 of the file") == true)
        #expect(errors[1].reasons.first?.contains("column 1 (a) contains a NUL byte at byte offset 12") == true)
    }

    @Test("text after a closing quote is a row error")
    func textAfterQuote() throws {
        let outcome = try read("a,b\n\"ab\"cd,2\n3,4\n")
        let error = try #require(outcome.rowErrors.first)
        #expect(error.reasons == ["column 1 (a) has text after its closing quote: quote the whole field and double each quote inside it"])
        #expect(error.values == ["abcd", "2"])
        #expect(outcome.records.map(\.values) == [["3", "4"]])
    }

    @Test("an unterminated quote is a file error at the line it opened; earlier records arrive first")
    func unterminatedQuote() throws {
        let outcome = try read("a,b\n1,2\n3,4\n5,\"open\nmore\nstill open\n")
        #expect(outcome.records.map(\.values) == [["1", "2"], ["3", "4"]])
        let error = try #require(outcome.error)
        #expect(error.location.line == 4)
        #expect(error.description.contains("input.csv:4: unterminated quoted field opened here: add the closing quote"))
    }

    @Test("an unterminated quote in an oversized field is still reported at its line")
    func unterminatedOversized() throws {
        let outcome = try read("a,b\n1,2\n3,\"" + String(repeating: "w", count: 50_000), ReaderOptions(maxFieldBytes: 1000))
        #expect(outcome.records.count == 1)
        #expect(outcome.error?.location.line == 3)
    }
}
