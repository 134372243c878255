import Foundation
import Testing
@testable import RecordMapping

/// The short-ASCII fast path of the country and state tables finds exactly what the
/// dictionary finds for the same lookup key.
@Suite struct LookupTableTests {
    static func variants(of keys: some Sequence<String>) -> [String] {
        var inputs: [String] = []
        for key in keys {
            inputs += [key, key.lowercased(), " " + key, key + "  ", key.replacingOccurrences(of: " ", with: "  "),
                       key.replacingOccurrences(of: " ", with: "\t"), key + "x", String(key.dropLast()), key + "é"]
        }
        return inputs + ["", " ", "\t", "u s", "US\u{00A0}", "ＵＳ", "us\n", "United   States", "UNITED STATES OF AMERICA",
                         "abcdefghijklmnop", "abcdefghijklmnopq", "Côte d'Ivoire", "CÔTE D'IVOIRE", "Ca", "cA", "\u{0}US"]
    }

    @Test func countriesAgreeWithTheDictionary() {
        for input in Self.variants(of: ISO3166.index.keys) {
            #expect(ISO3166.table.value(for: input) == ISO3166.index[UTF8Text.lookupKey(input)], "input #\(input.utf8.count) bytes")
        }
    }

    @Test func statesAgreeWithTheDictionary() {
        for input in Self.variants(of: USStates.index.keys) {
            #expect(USStates.table.value(for: input) == USStates.index[UTF8Text.lookupKey(input)], "input #\(input.utf8.count) bytes")
        }
    }

    @Test func shortKeysAreFound() {
        #expect(ISO3166.alpha2(for: "usa") == "US")
        #expect(ISO3166.alpha2(for: "de") == "DE")
        #expect(USStates.fullName(for: "ca") == "California")
        #expect(USStates.fullName(for: "new  york") == "New York")
        #expect(ISO3166.alpha2(for: "Atlantis") == nil)
    }
}
