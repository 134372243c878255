import Foundation
import JSON
import Testing

/// Parses JSON text written in a test.
private func json(_ text: String) throws -> JSONValue {
    try JSONValue(parsing: text)
}

/// The strict RFC 8259 parser: values, numbers, strings, and errors with line/column.
@Suite struct JSONParserTests {
    @Test func parsesAllValueKinds() throws {
        let value = try json(#" {"a": [1, -2.5, 3e2, true, false, null, "x\u00e9\n\ud83d\ude00"], "b": {}} "#)
        #expect(value == .object([
            "a": .array([.integer(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null, .string("xé\n😀")]),
            "b": .object([:]),
        ]))
    }

    @Test func numbers() throws {
        #expect(try json("0") == .integer(0))
        #expect(try json("-0") == .integer(0))
        #expect(try json("9223372036854775807") == .integer(Int.max))
        #expect(try json("-9223372036854775808") == .integer(Int.min))
        #expect(try json("9223372036854775808") == .number(9223372036854775808.0))
        #expect(try json("1.0") == .number(1.0))
        #expect(try json("1.0") == .integer(1), "1 and 1.0 are equal JSON numbers")
        #expect(try json("1E-2") == .number(0.01))
    }

    @Test func equalityAndHashingFollowJSON() throws {
        #expect(Set([JSONValue.integer(1), .number(1.0)]).count == 1)
        #expect(try json(#"{"a": [1, {"b": null}]}"#) == json(#"{"a": [1.0, {"b": null}]}"#))
        #expect(try json("[1, 2]") != json("[2, 1]"))
        #expect(JSONValue.string("é") != .string("e\u{301}"), "strings compare by code points")
        #expect(JSONValue.integer(1) != .number(1.5))
    }

    @Test func literalsBuildTheSameValues() throws {
        let built: JSONValue = ["a": [1, 2.5, "x", true, nil], "b": [:]]
        #expect(built == (try json(#"{"a": [1, 2.5, "x", true, null], "b": {}}"#)))
    }

    @Test func acceptsAllThreeInputTypes() throws {
        let text = #"{"k": "v"}"#
        #expect(try JSONValue(parsing: Data(text.utf8)) == JSONValue(parsing: Array(text.utf8)))
        #expect(try JSONValue(parsing: text) == .object(["k": .string("v")]))
        #expect(try JSONValue(parsing: text.utf8.lazy.map { $0 }) == .object(["k": .string("v")]), "a collection without contiguous storage")
    }

    @Test func subscriptReadsObjectMembers() throws {
        let value = try json(#"{"a": {"b": 1}}"#)
        #expect(value["a"]?["b"] == .integer(1))
        #expect(value["missing"] == nil)
        #expect(JSONValue.array([])["a"] == nil)
    }

    @Test(arguments: [
        ("", 1, 1, "unexpected end of input"),
        ("{\"a\": 1,}", 1, 9, "expected a member name"),
        ("[1, 2,]", 1, 7, "expected a value"),
        ("{\n  \"a\": tru\n}", 2, 8, "invalid literal"),
        ("[01]", 1, 3, "leading zero"),
        ("[1.]", 1, 4, "digit after '.'"),
        ("{\"a\" 1}", 1, 6, "expected ':'"),
        ("\"abc", 1, 1, "unterminated string"),
        ("\"a\tb\"", 1, 3, "control character"),
        ("\"\\x\"", 1, 2, "invalid escape"),
        ("\"\\ud800\"", 1, 2, "lone high surrogate"),
        ("[1] x", 1, 5, "after the JSON value"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate member name"),
        ("// c\n1", 1, 1, "expected a value"),
        ("NaN", 1, 1, "expected a value"),
        ("1e999", 1, 1, "out of range"),
    ])
    func rejectsInvalidJSONWithPosition(_ text: String, _ line: Int, _ column: Int, _ fragment: String) {
        #expect {
            _ = try JSONValue(parsing: text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.line == line && error.column == column && error.message.contains(fragment)
        }
    }

    @Test func rejectsInvalidUTF8() {
        let error = #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xFF, 0x22]) }
        #expect(error?.message.contains("UTF-8") == true)
        let quote: [UInt8] = [0x22], escape = Array(#"\n"#.utf8)
        for invalid: [UInt8] in [[0xC3], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]] {
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: quote + invalid + quote) }
            #expect(throws: JSONParseError.self, "after an escape") { try JSONValue(parsing: quote + escape + invalid + quote) }
        }
    }

    @Test func acceptsEveryUTF8StringWithOrWithoutEscapes() throws {
        for text in ["é", "😀", "\u{FFFD}", "a\u{10FFFF}z", "日本語"] {
            #expect(try JSONValue(parsing: Array("\"\(text)\"".utf8)) == .string(text))
            #expect(try JSONValue(parsing: Array("\"\\t\(text)\"".utf8)) == .string("\t" + text))
        }
    }

    @Test func stringsHashByTheirScalars() {
        #expect(JSONValue.string("é").hashValue == JSONValue.string("\u{E9}").hashValue)
        #expect(Set([JSONValue.string("é"), .string("e\u{301}"), .string("ab"), .array(["a", "b"])]).count == 4)
    }

    @Test func errorDescriptionGivesLineAndColumn() {
        let error = #expect(throws: JSONParseError.self) { try JSONValue(parsing: "{\n\n   ]") }
        #expect(error?.description.hasPrefix("line 3, column 4:") == true)
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }
}
