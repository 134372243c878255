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

    @Test func longInputsDoNotOverflowTheStack() throws {
        let pattern = try Pattern("^.*x$")
        #expect(pattern.search(String(repeating: "y", count: 100_000) + "x") == .match)
    }
}
