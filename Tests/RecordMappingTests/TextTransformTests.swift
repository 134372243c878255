import Testing
@testable import RecordMapping

@Suite("trim, upper, lower, collapse-spaces, default")
struct TextTransformTests {
    @Test func trimRemovesSpacesTabsAndNoBreakSpaces() {
        #expect(UTF8Text.trim("  Ada \t") == "Ada")
        #expect(UTF8Text.trim("\u{00A0}Ada\u{00A0}") == "Ada")
        #expect(UTF8Text.trim("Ada") == "Ada")
        #expect(UTF8Text.trim("   ") == "")
        #expect(UTF8Text.trim("") == "")
        #expect(UTF8Text.trim(" Zoë ") == "Zoë")
    }

    @Test func upperAndLower() {
        #expect(UTF8Text.upper("ab-Cd") == "AB-CD")
        #expect(UTF8Text.upper("zoë") == "ZOË")
        #expect(UTF8Text.lower("Ada@Example.COM") == "ada@example.com")
        #expect(UTF8Text.lower("ÉLAN") == "élan")
    }

    @Test func collapseSpaces() {
        #expect(UTF8Text.collapseSpaces("100   Market\tSt") == "100 Market St")
        #expect(UTF8Text.collapseSpaces("a\u{00A0}\u{00A0}b") == "a b")
        #expect(UTF8Text.collapseSpaces("a b") == "a b")
        #expect(UTF8Text.collapseSpaces("Zoë  Ünal") == "Zoë Ünal")
    }

    @Test func chainTrimsByDefaultAndTreatsEmptyAsAbsent() {
        let chain = TransformChain()
        guard case .value(let value) = chain.apply("  Ada ") else { Issue.record("expected a value"); return }
        #expect(value == "Ada")
        guard case .absent = chain.apply("   ") else { Issue.record("blank must be absent"); return }
    }

    @Test func trimFalseKeepsSpaces() {
        let chain = TransformChain(trims: false)
        guard case .value(let value) = chain.apply(" Ada ") else { Issue.record("expected a value"); return }
        #expect(value == " Ada ")
    }

    @Test func defaultAppliesWhenEmptyAndRunsThroughTransforms() {
        let chain = TransformChain(defaultValue: "usa", transforms: [.country])
        guard case .value(let value) = chain.apply("  ") else { Issue.record("expected the default"); return }
        #expect(value == "US")
        guard case .value(let given) = chain.apply("Canada") else { Issue.record("expected a value"); return }
        #expect(given == "CA")
    }

    @Test func transformsRunInOrder() {
        let chain = TransformChain(transforms: [.collapseSpaces, .upper])
        guard case .value(let value) = chain.apply(" new   york ") else { Issue.record("expected a value"); return }
        #expect(value == "NEW YORK")
    }
}
