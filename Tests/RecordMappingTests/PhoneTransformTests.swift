import Testing
@testable import RecordMapping

@Suite("phone transform")
struct PhoneTransformTests {
    func normalize(_ input: String, country: String? = "US") -> (value: String?, failure: String?) {
        switch PhoneTransform(defaultCountry: country).apply(input) {
        case .value(let value): return (value, nil)
        case .failed(let message): return (nil, message)
        }
    }

    @Test(arguments: [
        ("(415) 555-0132", "US", "+14155550132"),
        ("415.555.0132", "US", "+14155550132"),
        ("1 (415) 555-0132", "US", "+14155550132"),
        ("+1 415 555 0132", "US", "+14155550132"),
        ("011 44 20 7946 0958", "US", "+442079460958"),
        ("416-555-0145", "CA", "+14165550145"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 (0)20 7946 0958", "GB", "+442079460958"),
        ("0044 20 7946 0958", "DE", "+442079460958"),
        ("030 901820", "DE", "+4930901820"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("612 34 56 78", "ES", "+34612345678"),
        ("0412 345 678", "AU", "+61412345678"),
        ("090-1234-5678", "JP", "+819012345678"),
        ("8 (495) 123-45-67", "RU", "+74951234567"),
        ("9123 4567", "SG", "+6591234567"),
    ])
    func normalizes(input: String, country: String, expected: String) {
        #expect(normalize(input, country: country).value == expected)
    }

    @Test func nanpNeedsTenDigitsOrElevenStartingWithOne() throws {
        let message = try #require(normalize("555-0132").failure)
        #expect(message.hasPrefix("phone: a North American number has 10 digits"))
        #expect(!message.contains("555"))
        #expect(normalize("2 415 555 0132").failure != nil)
    }

    @Test func rejectsLettersAndMisplacedPlus() throws {
        #expect(try #require(normalize("415-555-0132 ext 4").failure).hasPrefix("phone: only digits"))
        #expect(try #require(normalize("415+5550132").failure) == "phone: a + may only start the number")
        #expect(normalize("").failure == "phone: no digits")
    }

    @Test func e164LengthIsChecked() throws {
        let short = try #require(normalize("+44 123").failure)
        #expect(short == "phone: an E.164 number has 8 to 15 digits; found 5")
        #expect(normalize("+1234567890123456").failure != nil)
        #expect(normalize("+0 415 555 0132").failure == "phone: a country calling code cannot start with 0")
    }

    @Test func nationalNumberWithoutDefaultCountryFails() {
        #expect(normalize("020 7946 0958", country: nil).failure == "phone: national number but no default-country is set")
        #expect(normalize("+44 20 7946 0958", country: nil).value == "+442079460958")
    }

    @Test func tableCoversTheCommonCountries() {
        let required = ["US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI", "IE", "PT",
                        "PL", "MX", "BR", "AR", "AU", "NZ", "IN", "JP", "CN", "SG", "HK", "ZA"]
        for country in required { #expect(CallingCodes.table[country] != nil, "missing \(country)") }
        #expect(CallingCodes.table.count >= 40)
        for country in CallingCodes.table.keys { #expect(ISO3166.index[country] == country, "\(country) is not ISO alpha-2") }
    }

    /// Excel shows a long number in a General cell as 1.4155550177E+10: its last digits are
    /// gone, so the value is rejected with that reason rather than turned into digits.
    @Test(arguments: ["1.4155550177E+10", "4.15E10", "1E+11", "1.41e+10"])
    func scientificNotationIsRejectedWithItsCause(_ input: String) {
        let result = normalize(input)
        #expect(result.value == nil)
        #expect(result.failure?.contains("scientific notation") == true && result.failure?.contains("format the column as text") == true)
        #expect(result.failure?.contains(input) == false, "the reason never quotes the value")
    }

    @Test func lettersThatAreNotScientificGetTheUsualReason() {
        #expect(normalize("415-555-CALL").failure?.contains("only digits") == true)
        #expect(normalize("1.41E").failure?.contains("only digits") == true)
    }
}
