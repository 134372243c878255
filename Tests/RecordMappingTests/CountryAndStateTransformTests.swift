import Testing
@testable import RecordMapping

@Suite("country and us-state transforms")
struct CountryAndStateTransformTests {
    @Test(arguments: [
        ("US", "US"), ("us", "US"), ("USA", "US"), ("usa", "US"), ("United States", "US"),
        ("United States of America", "US"), ("united  states", "US"), ("UK", "GB"), ("Great Britain", "GB"),
        ("GBR", "GB"), ("Canada", "CA"), ("can", "CA"), ("Germany", "DE"), ("deu", "DE"), ("Côte d'Ivoire", "CI"),
        ("CÔTE D'IVOIRE", "CI"), ("Ivory Coast", "CI"), ("Åland Islands", "AX"), ("Türkiye", "TR"), ("Turkey", "TR"),
        ("Korea, Republic of", "KR"), ("South Korea", "KR"), ("Puerto Rico", "PR"), ("Viet Nam", "VN"),
    ])
    func countries(input: String, expected: String) {
        guard case .value(let value) = Transform.country.apply(input) else {
            Issue.record("\(input) was not recognised")
            return
        }
        #expect(value == expected)
    }

    @Test func unknownCountryFailsWithoutTheValue() {
        guard case .failed(let message) = Transform.country.apply("Atlantis") else {
            Issue.record("expected a failure")
            return
        }
        #expect(message == "country: not an ISO 3166-1 country name, alpha-3 or alpha-2 code")
        guard case .failed = Transform.country.apply("XX") else { Issue.record("XX is not assigned"); return }
    }

    @Test func tableHasAll249CountriesWithUniqueCodes() {
        #expect(ISO3166.countries.count == 249)
        #expect(Set(ISO3166.countries.map(\.alpha2)).count == 249)
        #expect(Set(ISO3166.countries.map(\.alpha3)).count == 249)
        for country in ISO3166.countries {
            #expect(ISO3166.alpha2(for: country.name) == country.alpha2, "\(country.name)")
            #expect(ISO3166.alpha2(for: country.alpha3.lowercased()) == country.alpha2)
        }
        for (alias, code) in ISO3166.aliases {
            #expect(ISO3166.alpha2(for: alias) == code, "alias \(alias) is shadowed")
        }
    }

    @Test(arguments: [
        ("CA", "California"), ("ca", "California"), ("ny", "New York"), ("DC", "District of Columbia"),
        ("PR", "Puerto Rico"), ("GU", "Guam"), ("VI", "U.S. Virgin Islands"), ("AS", "American Samoa"),
        ("MP", "Northern Mariana Islands"), ("california", "California"), ("NEW YORK", "New York"),
        ("district of columbia", "District of Columbia"), ("Washington DC", "District of Columbia"),
    ])
    func states(input: String, expected: String) {
        guard case .value(let value) = Transform.usState.apply(input) else {
            Issue.record("\(input) was not recognised")
            return
        }
        #expect(value == expected)
    }

    @Test func stateTableHas56Entries() {
        #expect(USStates.all.count == 56)
        #expect(Set(USStates.all.map(\.abbreviation)).count == 56)
    }

    @Test func unknownStateFails() {
        guard case .failed(let message) = Transform.usState.apply("ON") else {
            Issue.record("ON is a Canadian province")
            return
        }
        #expect(message.hasPrefix("us-state: "))
        #expect(!message.contains("ON"))
    }
}
