import JSON
import Testing

/// The writer: what each call appends, byte for byte.
@Suite struct JSONWriterTests {
    private func text(_ write: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        write(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func writesEveryKindOfValue() {
        let written = text { json in
            json.raw("{")
            json.key("s"); json.string("plain é 😀")
            json.raw(","); json.key("n"); json.integer(-42)
            json.raw(","); json.key("t"); json.bool(true)
            json.raw(","); json.key("f"); json.bool(false)
            json.raw(","); json.key("o"); json.optionalString(nil)
            json.raw(","); json.raw(#""p":"#); json.optionalString("x")
            json.raw("}")
        }
        #expect(written == #"{"s":"plain é 😀","n":-42,"t":true,"f":false,"o":null,"p":"x"}"#)
    }

    @Test func escapesWhatRFC8259Requires() {
        #expect(text { $0.string("a\"b\\c\nd\re\tf/g") } == #""a\"b\\c\nd\re\tf/g""#)
        #expect(text { $0.string("\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}") } == "\"\\u0000\\u0001\\u0008\\u000c\\u001f\u{7F}\"")
        #expect(text { $0.key("k\"") } == #""k\"":"#)
    }

    @Test func whatItWritesParsesBack() throws {
        var every = ""
        for scalar in 0..<0x80 { every.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        every += "é😀"
        var writer = JSONWriter()
        writer.string(every)
        #expect(try JSONValue(parsing: writer.bytes) == .string(every))
    }
}
