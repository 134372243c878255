import Foundation
import PersonaWire
import Testing

@Suite("PersonaWire types")
struct WireTypesTests {
    @Test("Key-Inflection converts between kebab, camel and snake")
    func keyInflection() {
        #expect(KeyInflection.camel.convert("address-street-1") == "addressStreet1")
        #expect(KeyInflection.snake.convert("name-first") == "name_first")
        #expect(KeyInflection.kebab.convert("nameFirst") == "name-first")
        #expect(KeyInflection.kebab.convert("inquiry_template_id") == "inquiry-template-id")
        #expect(KeyInflection.kebab.convert("addressStreet1") == "address-street-1")
        #expect(KeyInflection.snake.convert("addressStreet1") == "address_street_1")
        #expect(KeyInflection.camel.convert("address_street_1") == "addressStreet1")
        #expect(KeyInflection.kebab.convert("addressLine12B") == "address-line-12-b")
        #expect(KeyInflection.kebab.convert("base64Encoded") == "base-64-encoded")
        // A key with no upper-case letter keeps its digits in every form.
        #expect(KeyInflection.kebab.convert("ssn4") == "ssn4")
        #expect(KeyInflection.snake.convert("ssn4") == "ssn4")
        #expect(KeyInflection.kebab.convert("ssn4_last") == "ssn4-last")
        #expect(KeyInflection.kebab("address_street_1") == "address-street-1")
        #expect(KeyInflection.camel.convert("birthdate") == "birthdate")
    }

    /// Persona's attribute, meta and prefill field names, and the emulator's response keys.
    static let standardKeys = [
        "name-first", "name-middle", "name-last", "birthdate", "email-address", "phone-number",
        "address-street-1", "address-street-2", "address-city", "address-subdivision", "address-postal-code",
        "address-country-code", "identification-number",
        "inquiry-template-id", "inquiry-template-version-id", "template-id", "reference-id", "account-id", "note",
        "tags", "creator-email-address", "redirect-uri", "theme-id", "theme-set-id", "initial-step-name",
        "auto-create-account", "auto-create-account-type-id", "auto-create-account-reference-id",
        "expiration-after-create-interval-seconds", "expiration-after-start-interval-seconds",
        "expiration-after-resume-interval-seconds", "one-time-link-expiration-seconds",
        "auto-create-inquiry-session", "auto-create-one-time-link",
        "status", "created-at", "expires-at", "next-step-name", "seconds-to-reset", "inquiry-template",
        "inquiry-template-version", "fields",
    ]

    @Test("kebab → camel → kebab and kebab → snake → kebab give back every standard key", arguments: standardKeys)
    func keyInflectionRoundTrips(key: String) {
        let camel = KeyInflection.camel.convert(key)
        let snake = KeyInflection.snake.convert(key)
        #expect(KeyInflection.kebab(camel) == key, "via \(camel)")
        #expect(KeyInflection.kebab(snake) == key, "via \(snake)")
        #expect(KeyInflection.camel.convert(snake) == camel)
        #expect(KeyInflection.snake.convert(camel) == snake)
        #expect(KeyInflection.kebab.convert(key) == key)
        #expect(!camel.contains("-") && !camel.contains("_"))
        #expect(snake == key.replacingOccurrences(of: "-", with: "_"))
    }

    @Test("rate-limit, quota and Retry-After headers parse")
    func rateLimitHeaders() {
        let headers = [
            "ratelimit-limit": "300", "ratelimit-remaining": " 12", "ratelimit-reset": "41",
            "quotalimit-limit": "150", "quotalimit-remaining": "0", "quotalimit-reset": "7", "retry-after": "7",
        ]
        let parsed = RateLimitHeaders { headers[$0.lowercased()] }
        #expect(parsed.rateLimit == RateLimitStatus(limit: 300, remaining: 12, resetSeconds: 41))
        #expect(parsed.quota == RateLimitStatus(limit: 150, remaining: 0, resetSeconds: 7))
        #expect(parsed.retryAfterSeconds == 7)
        let quota = ["quota-limit": "5", "quota-remaining": "4", "quota-reset": "60"]
        #expect(RateLimitStatus.quota { quota[$0.lowercased()] } == RateLimitStatus(limit: 5, remaining: 4, resetSeconds: 60))
        #expect(RateLimitHeaders { _ in nil }.rateLimit == nil)
        #expect(RateLimitStatus.retryAfterSeconds { _ in "soon" } == nil)
    }

    @Test("id prefixes and versions")
    func prefixesAndVersions() {
        #expect(PersonaIDPrefix.inquiryTemplate.matches("itmpl_abc"))
        #expect(!PersonaIDPrefix.inquiryTemplate.matches("itmplv_abc"))
        #expect(PersonaIDPrefix.inquiryTemplateVersion.name == "itmplv")
        #expect(PersonaVersion(rawValue: "2023-01-05").isKnown)
        #expect(!PersonaVersion(rawValue: "2024-01-01").isKnown)
        #expect(PersonaVersion.known.count == 8)
    }

    @Test("the create body encodes as kebab-case JSON:API")
    func createRequestEncoding() throws {
        let request = InquiryCreateRequest(
            attributes: InquiryCreateAttributes(
                inquiryTemplateID: "itmpl_x", referenceID: "c-1", tags: ["nightly"],
                fields: PersonaFields([.init(key: "name-last", value: "Doe"), .init(key: "name-first", value: nil)])),
            meta: InquiryCreateMeta([("auto-create-account", .bool(false))]))
        let encoder = JSONEncoder()
        let text = String(decoding: try encoder.encode(request), as: UTF8.self)
        #expect(text.contains(#""inquiry-template-id":"itmpl_x""#))
        #expect(text.contains(#""name-last":"Doe""#))
        #expect(text.contains(#""name-first":null"#))
        #expect(text.contains(#""meta":{"auto-create-account":false}"#))
        #expect(!text.contains("account-id"))
        let decoded = try JSONDecoder().decode(InquiryCreateRequest.self, from: Data(text.utf8))
        #expect(decoded.data.attributes.referenceID == "c-1")
        #expect(decoded.data.attributes.fields?["name-last"] == "Doe")
        #expect(decoded.meta?["auto-create-account"] == .bool(false))
    }

    @Test("an error document decodes with and without source")
    func errorDocument() throws {
        let text = #"{"errors":[{"title":"Bad request","details":"x","source":{"pointer":"/data"}},{"title":"Rate limit exceeded"}]}"#
        let document = try JSONDecoder().decode(PersonaErrorDocument.self, from: Data(text.utf8))
        #expect(document.errors[0].source?.pointer == "/data")
        #expect(document.errors[1].title == PersonaErrorTitle.rateLimitExceeded)
        #expect(document.errors[1].details == nil)
    }
}
