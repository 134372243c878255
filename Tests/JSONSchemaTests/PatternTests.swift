import JSON
import Testing
@testable import JSONSchema

/// Our ECMA-262 subset engine: a table of patterns and strings (unanchored search).
@Suite struct PatternTests {
    @Test(arguments: [
        ("^[0-9]{5}$", "12345", true), ("^[0-9]{5}$", "1234", false), ("^[0-9]{5}$", "123456", false),
        ("[0-9]{5}", "ab12345cd", true), ("a+", "xaay", true), ("^a*$", "", true), ("^a*$", "aab", false),
        ("^\\+[1-9][0-9]{7,14}$", "+14155550100", true), ("^\\+[1-9][0-9]{7,14}$", "+0123456789", false),
        ("^\\d{4}-\\d{2}-\\d{2}$", "2024-01-31", true), ("^\\d{4}-\\d{2}-\\d{2}$", "2024-1-31", false),
        ("^(abc|def)+$", "abcdefabc", true), ("^(abc|def)+$", "abcde", false), ("^(?:ab)?c$", "c", true),
        ("colou?r", "my color", true), ("^.$", "日", true), ("^.$", "😀", true), ("^.{2}$", "😀", false),
        ("^.$", "\n", false), ("^[^a-z]+$", "ABC", true), ("^[^a-z]+$", "AbC", false),
        ("^\\w+$", "a_1", true), ("^\\w+$", "é", false), ("^\\W$", "é", true), ("^\\s$", "\u{00A0}", true),
        ("^\\S+$", "a b", false), ("^\\D+$", "abc", true), ("\\u00e9", "café", true), ("^[\\u0400-\\u04FF]+$", "Привет", true),
        ("^[a-z-]+$", "a-b", true), ("^[\\-.]$", "-", true), ("^a{2,}$", "aaaa", true), ("^a{2,}$", "a", false),
        ("^a{,2}$", "a{,2}", true), ("^x*?y$", "xxy", true), ("^(a|ab)c$", "abc", true), ("\\bfoo\\b", "a foo b", true),
        ("\\bfoo\\b", "afoo", false), ("^(a*)*b$", "aaab", true), ("^(a?){3}a{3}$", "aaa", true),
        ("^[A-Za-z][A-Za-z0-9_-]*$", "name-first", true), ("^\\$ref$", "$ref", true), ("^\\.\\*$", ".*", true),
        ("^[😀-😂]$", "😁", true), ("^a|b$", "xb", true), ("^$", "", true), ("$", "anything", true),
        ("^\\t\\n$", "\t\n", true), ("^[\\d.]+$", "1.5", true), ("^\\x41$", "A", true), ("]", "]", true),
    ])
    func table(_ source: String, _ input: String, _ expected: Bool) throws {
        let pattern = try Pattern(source)
        #expect(pattern.usesOwnEngine, "fell back to Foundation")
        #expect((pattern.search(input) == .match) == expected)
        let general = try Pattern(source, allowSimpleEngine: false)
        #expect(!general.usesSimpleEngine)
        #expect((general.search(input) == .match) == expected, "general engine disagrees")
    }

    @Test(arguments: ["^[0-9]{5}$", "^\\+[1-9][0-9]{7,14}$", "a+", "^[A-Z]{2}$", "x*?y", "^.{0,3}$"])
    func commonPatternsUseTheSimpleEngine(_ source: String) throws {
        #expect(try Pattern(source).usesSimpleEngine)
    }

    @Test(arguments: ["^(a|b)$", "(ab)+", "\\bx"])
    func groupsAndAlternationUseTheGeneralEngine(_ source: String) throws {
        let pattern = try Pattern(source)
        #expect(pattern.usesOwnEngine && !pattern.usesSimpleEngine)
    }

    @Test(arguments: ["(?=a)a", "(a)\\1", "\\p{L}", "(?<!x)y"])
    func unsupportedFeaturesUseTheFallback(_ source: String) throws {
        let pattern = try Pattern(source)
        #expect(!pattern.usesOwnEngine)
    }

    @Test func fallbackStillMatches() throws {
        #expect(try Pattern("^(?=.*[0-9])[a-z0-9]+$").search("abc1") == .match)
        #expect(try Pattern("^(?=.*[0-9])[a-z0-9]+$").search("abc") == .noMatch)
    }

    @Test(arguments: ["(", "[a", "a**", "*a", "[z-a]", "a{3,1}", "\\", "(?:", "\\q"])
    func invalidPatternsAreRejected(_ source: String) {
        #expect(throws: Pattern.InvalidPattern.self) { try Pattern(source) }
    }

    @Test func catastrophicBacktrackingHitsTheStepLimit() throws {
        let pattern = try Pattern("^(a+)+$")
        let input = String(repeating: "a", count: 40) + "!"
        #expect(pattern.search(input) == .stepLimitExceeded)
        let s = try schema(#"{"pattern": "^(a+)+$"}"#)
        #expect(!s.isValid(.string(input)))
        #expect(s.validate(.string(input)).first?.message.contains("too complex") == true)
    }

    /// The issue's case: each crafted 29-character value cost about 2 s in an unbounded
    /// `NSRegularExpression`. The fallback now gives up at the step limit like our engine.
    @Test(arguments: ["^(?=(a*)*$)a", "(?=(a*)*$)a", "^(?=(a|aa)*$)a"])
    func fallbackCatastrophicBacktrackingHitsTheStepLimit(_ source: String) throws {
        let pattern = try Pattern(source)
        #expect(!pattern.usesOwnEngine)
        let crafted = String(repeating: "a", count: 29) + "b"
        #expect(pattern.search(crafted) == .stepLimitExceeded)
        #expect(pattern.search(String(repeating: "a", count: 40) + "!") == .stepLimitExceeded)
        let s = try schema(#"{"properties": {"v": {"pattern": "\#(source)"}}}"#)
        let found = s.validate(.object(["v": .string(crafted)]))
        #expect(found.map(\.keyword) == ["pattern"])
        #expect(found.first?.message.contains("too complex") == true)
        #expect(!s.isValid(.object(["v": .string(crafted)])))
        let direct = try schema(#"{"pattern": "\#(source)"}"#)
        #expect(!direct.isValid(string: crafted), "the string fast path is bounded too")
    }

    @Test func fallbackSearchesAnywhereAndKeepsGroupNumbers() throws {
        #expect(try Pattern("(?<=a)b").search("xxab") == .match)
        #expect(try Pattern("(?<=a)b").search("xxcb") == .noMatch)
        #expect(try Pattern("(?!x)").search("") == .match)
        #expect(try Pattern("(a)\\1").search("zzaa") == .match)
        #expect(try Pattern("(a)\\1").search("zzab") == .noMatch)
        #expect(try Pattern("^\\p{Letter}+$").search("héllo") == .match)
        #expect(try Pattern("^\\p{Letter}+$").search("héllo1") == .noMatch)
        #expect(try Pattern("\\p{Lu}").search("😀 abc D") == .match, "UTF-16 offsets past a surrogate pair")
    }

    @Test func fallbackHandlesLongBenignValuesWithinTheLimit() throws {
        let long = String(repeating: "a", count: 100_000)
        #expect(try Pattern("(?<=a)y").search(long + "y") == .match)
        #expect(try Pattern("(?<=x)y").search(long) == .noMatch)
        #expect(try Pattern("^\\p{L}+$").search(long) == .match)
    }

    @Test(arguments: ["(?x)a#comment", "\\Qa(b"])
    func icuOnlySyntaxTheBoundedFallbackCannotRunIsRefusedAtLoad(_ source: String) throws {
        #expect(throws: Pattern.InvalidPattern.self) { try Pattern(source) }
        let document = JSONValue.object(["properties": .object(["name": .object(["pattern": .string(source)])])])
        do {
            _ = try JSONSchema(document)
            Issue.record("expected the schema to be refused")
        } catch {
            #expect(error.kind == .invalidValue)
            #expect(error.schemaPointer == "/properties/name/pattern")
            #expect(error.message.contains("\"\(source)\""), "names the pattern: \(error.message)")
        }
    }

    @Test func longInputsDoNotOverflowTheStack() throws {
        let pattern = try Pattern("^.*x$")
        #expect(pattern.search(String(repeating: "y", count: 100_000) + "x") == .match)
    }
}

@Suite struct PatternNestingTests {
    @Test func groupsNestedPastTheLimitAreRefusedWhenTheSchemaLoadsNotOverflowingTheStack() throws {
        let deep = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
        let error = try #require(throws: SchemaError.self) {
            try JSONSchema(json(#"{"type": "string", "pattern": "\#(deep)"}"#))
        }
        #expect(error.description.contains("nested more than 100 deep"), "\(error)")
        let fine = String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)
        let schema = try JSONSchema(json(#"{"type": "string", "pattern": "\#(fine)"}"#))
        #expect(schema.isValid(.string("xax")) && !schema.isValid(.string("b")))
    }
}
