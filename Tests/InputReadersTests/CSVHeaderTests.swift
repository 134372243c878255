import ImportCore
import InputReaders
import Testing

@Suite("CSV: header line")
struct CSVHeaderTests {
    @Test("header names are trimmed of spaces and tabs")
    func trimmed() throws {
        let outcome = try read(" id ,\tname\t,\"Email \"\n1,Ann,a@example.com\n")
        #expect(outcome.records.first?.names.names == ["id", "name", "Email"])
    }

    @Test("empty header names are a file error naming the columns and the line")
    func emptyNames() throws {
        let outcome = try read("\n\nid,,name, \n1,2,3,4\n")
        let error = try #require(outcome.error)
        #expect(error.location.line == 3)
        #expect(error.description.contains("input.csv:3: bad header line: "))
        #expect(error.message.contains("columns 2, 4 have an empty name"))
        #expect(outcome.events.isEmpty)
    }

    @Test("duplicate header names are a file error naming them")
    func duplicateNames() throws {
        let outcome = try read("id,Email,name,Email , id\n1,2,3,4,5\n")
        let error = try #require(outcome.error)
        #expect(error.location.line == 1)
        #expect(error.message.contains("\"Email\" names columns 2, 4"))
        #expect(error.message.contains("\"id\" names columns 1, 5"))
    }

    @Test("a header-only file has no records and no error", arguments: ["a,b\n", "a,b", "a,b\r\n\r\n"])
    func headerOnly(text: String) throws {
        let outcome = try read(text)
        #expect(outcome.error == nil)
        #expect(outcome.events.isEmpty)
    }

    @Test("an empty file is a file error", arguments: [[], [0xEF, 0xBB, 0xBF], Array("\n\r\n\n".utf8)])
    func emptyFile(bytes: [UInt8]) throws {
        let outcome = try read(bytes: bytes)
        let error = try #require(outcome.error)
        #expect(error.message == "file is empty: expected a header line")
        #expect(error.description.hasSuffix("input.csv: file is empty: expected a header line"))
    }

    @Test("a header that is not UTF-8 is a file error")
    func headerNotUTF8() throws {
        let outcome = try read(bytes: Array("id,".utf8) + [0xFF, 0x41] + Array("\n1,2\n".utf8))
        let error = try #require(outcome.error)
        #expect(error.message.contains("column 2 cannot be read as a name"))
    }
}
