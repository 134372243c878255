import JSON
import Testing

/// The options of ``JSONValue/init(parsing:options:)``: a depth limit and member names
/// rewritten as they are read.
@Suite struct JSONParsingOptionsTests {
    private static let upperCase = JSONParsingOptions(memberNames: { $0.uppercased() })

    @Test func memberNamesAreRewrittenAtEveryLevel() throws {
        let value = try JSONValue(parsing: #"{"a": {"b": [{"c": "d"}]}}"#.utf8, options: Self.upperCase)
        #expect(value == ["A": ["B": [["C": "d"]]]], "names only: the string value stays as written")
    }

    @Test func namesThatRewriteAlikeAreDuplicates() {
        let error = #expect(throws: JSONParseError.self) {
            try JSONValue(parsing: #"{"a": 1, "A": 2}"#.utf8, options: Self.upperCase)
        }
        #expect(error?.message.contains("duplicate member name") == true)
        #expect(error?.column == 10)
    }

    @Test func maximumDepthCountsArraysAndObjects() throws {
        let shallow = JSONParsingOptions(maximumDepth: 3)
        #expect(try JSONValue(parsing: #"[{"a": [1]}]"#.utf8, options: shallow) == [["a": [1]]])
        let error = #expect(throws: JSONParseError.self) {
            try JSONValue(parsing: #"[{"a": [[1]]}]"#.utf8, options: shallow)
        }
        #expect(error?.message == "nesting deeper than 3 levels")
    }
}
