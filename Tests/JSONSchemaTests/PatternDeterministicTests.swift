import Testing
@testable import JSONSchema

/// The backtracking-free path for anchored byte-class sequences agrees with the general engine.
@Suite struct PatternDeterministicTests {
    @Test(arguments: ["^[0-9]{5}$", "^\\+[1-9][0-9]{7,14}$", "^\\d{4}-\\d{2}-\\d{2}$", "^[A-Z]{2}$", "^a*b$", "^[a-c]{0,3}x+$"])
    func anchoredDisjointSequencesAreDeterministic(_ source: String) throws {
        #expect(try Pattern(source).usesDeterministicEngine)
    }

    @Test(arguments: ["^a*a$", "^[0-9]*[0-5]$", "[0-9]{5}$", "^[0-9]{5}", "^.{2}$", "^[^a]$", "^é$", "^a?b?$", "^[a-c]{0,3}x?$"])
    func otherPatternsAreNot(_ source: String) throws {
        #expect(try !Pattern(source).usesDeterministicEngine)
    }

    @Test(arguments: ["^[0-9]{5}$", "^\\+[1-9][0-9]{7,14}$", "^\\d{4}-\\d{2}-\\d{2}$", "^[A-Z]{2}$", "^a*b$", "^[a-c]{0,3}x+$"])
    func agreesWithTheGeneralEngine(_ source: String) throws {
        let fast = try Pattern(source)
        let general = try Pattern(source, allowSimpleEngine: false)
        let inputs = ["", "12345", "1234", "123456", "+14155550100", "+0123456789", "+1415555010012345", "+1234567",
                      "2024-01-31", "2024-1-31", "2024-01-311", "AB", "Ab", "ABC", "b", "aaab", "aaa", "ab\n", "abcx",
                      "abx", "x", "abcc", "ÄB", "12345é", "a\u{0}b", "+١٢٣٤٥٦٧٨٩"]
        for input in inputs {
            #expect(fast.search(input) == general.search(input), "pattern \(source), input #\(inputs.firstIndex(of: input) ?? -1)")
        }
    }
}
