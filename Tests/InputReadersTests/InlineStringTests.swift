import ImportCore
import Testing

@testable import InputReaders

/// The readers' inline Strings (`InlineString`, built from two words) are ordinary Strings:
/// equal to and hashing like ones the standard library builds, safe to store and mutate, and
/// never made from invalid UTF-8.
@Suite("Inline strings")
struct InlineStringTests {
    /// Up to 15 UTF-8 bytes: ASCII, 2-, 3- and 4-byte sequences, at every length.
    static let samples: [String] = {
        var samples = ["", "a", "12345678", "123456789", "0123456789abcde", "é", "€", "𝄞", "aé€𝄞", "ñandú-ü€", "0123456789ab€"]
        for unit in ["q", "é", "€", "😀"] {
            for count in 0...15 where count * unit.utf8.count <= 15 { samples.append(String(repeating: unit, count: count)) }
        }
        return samples
    }()

    @Test("the layout check passes on this platform")
    func available() {
        #if (arch(x86_64) || arch(arm64)) && _endian(little)
        #expect(InlineString.isAvailable)
        #endif
    }

    @Test("equal to, and hashing like, the standard library's own string", arguments: samples)
    func matchesStandardLibrary(_ sample: String) throws {
        let bytes = Array(sample.utf8)
        // Padded: never an empty buffer, and readable 16 bytes on for the word loads.
        let padded = bytes + [UInt8](repeating: 0x41, count: 16)
        let made = padded.withUnsafeBufferPointer { decodedString($0.baseAddress!, count: bytes.count, inline: true) }
        let loaded = padded.withUnsafeBufferPointer { decodedString(slack: $0.baseAddress!, count: bytes.count, inline: true) }
        let normal = String(decoding: bytes, as: UTF8.self)
        #expect(loaded == normal)
        #expect(made == normal)
        #expect(made.hashValue == normal.hashValue)
        #expect(Array(made.utf8) == bytes)
        #expect(made.count == normal.count)
        #expect(made.unicodeScalars.elementsEqual(normal.unicodeScalars))
        // Stored, looked up and mutated like any other String.
        var set: Set<String> = [normal]
        #expect(set.contains(made))
        set.insert(made)
        #expect(set.count == 1)
        let tail = "-tail that no longer fits inline"
        var mutated = made
        mutated.append(tail)
        #expect(mutated == normal + tail)
        #expect(made == normal)  // the copy is untouched
        mutated.removeLast(tail.count)
        #expect(mutated == normal)
        #expect(mutated.hashValue == normal.hashValue)
    }

    @Test("invalid UTF-8 never becomes an inline string")
    func refusesInvalidUTF8() {
        let invalid: [[UInt8]] = [
            [0xC3, 0x28],  // lead byte without its continuation
            [0x80],  // lone continuation byte
            [0xC0, 0x80],  // overlong NUL
            [0xED, 0xA0, 0x80],  // surrogate U+D800
            [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
            [0x61, 0x62, 0xE2, 0x82],  // truncated at the end
            Array("0123456789abc".utf8) + [0xFF],
        ]
        for bytes in invalid {
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { raw in
                for (index, byte) in bytes.enumerated() { raw[index] = byte }
            }
            #expect(InlineString.make(words.0, words.1, count: bytes.count) == nil, "\(bytes)")
            // The fallback repairs instead: a valid String, U+FFFD in place of the bad bytes.
            let padded = bytes + [UInt8](repeating: 0, count: 16)
            for repaired in [
                padded.withUnsafeBufferPointer { decodedString($0.baseAddress!, count: bytes.count, inline: true) },
                padded.withUnsafeBufferPointer { decodedString(slack: $0.baseAddress!, count: bytes.count, inline: true) },
            ] {
                #expect(repaired == String(decoding: bytes, as: UTF8.self))
                #expect(repaired.unicodeScalars.contains("\u{FFFD}"))
            }
        }
    }

    @Test("non-ASCII values and names round-trip through the XML reader", arguments: ["q", "é", "€", "😀"])
    func xmlRoundTrip(_ unit: String) throws {
        for count in 1...16 {
            let value = String(repeating: unit, count: count)
            let outcome = try read("<r><c a=\"\(value)\"><v>\(value)</v><nü>x</nü></c></r>", name: "x.xml")
            #expect(outcome.error == nil)
            let record = try #require(outcome.records.first)
            #expect(record.names.names == ["@a", "v", "nü"])
            #expect(record.values == [value, value, "x"], "\(count) × \(unit)")
            for stored in record.values.prefix(2) {
                #expect(stored.hashValue == value.hashValue)
                #expect(stored.utf8.count == value.utf8.count)
            }
        }
    }

    @Test("quoted non-ASCII CSV values (validated, then built inline) round-trip exactly")
    func csvQuotedRoundTrip() throws {
        for unit in ["é", "€", "😀"] {
            for count in 0...16 {
                let value = String(repeating: unit, count: count)
                let outcome = try read("a,b\n\"\(value)\",\"x\"\n")
                #expect(outcome.error == nil)
                #expect(outcome.records.first?.values == [value, "x"], "\(count) × \(unit)")
                #expect(outcome.records.first?.values.first?.hashValue == value.hashValue)
            }
        }
    }

    @Test("invalid UTF-8 in a short quoted CSV field is still a row error")
    func csvInvalidQuoted() throws {
        // Header "id,name\n" is 8 bytes; "1,\"" puts the bad byte at offset 11.
        let bytes = Array("id,name\n1,\"".utf8) + [0xE2, 0x82] + Array("\"\n2,ok\n".utf8)
        let outcome = try read(bytes: bytes)
        #expect(outcome.records.map(\.values) == [["2", "ok"]])
        let error = try #require(outcome.rowErrors.first)
        #expect(error.reasons.first?.contains("column 2 (name) is not valid UTF-8 at byte offset 11 of the file") == true)
    }
}
