import Crypto
import Foundation
import ImportCore
import InputReaders
import Testing

@Suite("Encodings and compression")
struct EncodingAndCompressionTests {
    static let text = "reference-id,name-first,name-last\nref-1,José,Müller\nref-2,Zoë,Ångström-Ørsted\nref-3,€uro,Łukasz\n"
    static let expected = [["ref-1", "José", "Müller"], ["ref-2", "Zoë", "Ångström-Ørsted"], ["ref-3", "€uro", "Łukasz"]]

    private func utf16(_ text: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += bigEndian ? pair.reversed() : pair
        }
        return bytes
    }

    @Test("Excel's Unicode Text (UTF-16LE, BOM, tabs, .txt) is read as written")
    func excelUnicodeText() throws {
        let outcome = try read(bytes: utf16(Self.text.replacingOccurrences(of: ",", with: "\t"), bigEndian: false), name: "export.txt")
        #expect(outcome.error == nil)
        #expect(outcome.records.map(\.values) == Self.expected)
    }

    @Test("UTF-16BE with a BOM is read as written")
    func utf16BigEndian() throws {
        let outcome = try read(bytes: utf16(Self.text, bigEndian: true), name: "export.csv")
        #expect(outcome.records.map(\.values) == Self.expected)
    }

    @Test("UTF-16 without a BOM: the header error names --encoding utf-16le")
    func utf16WithoutBOM() throws {
        let outcome = try read(bytes: utf16(Self.text, bigEndian: false, bom: false), name: "export.csv")
        let error = try #require(outcome.error)
        #expect(error.message.contains("--encoding utf-16le"))
        let named = try read(bytes: utf16(Self.text, bigEndian: false, bom: false), name: "export.csv", ReaderOptions(encoding: "UTF-16LE"))
        #expect(named.records.map(\.values) == Self.expected)
    }

    @Test("Windows-1252: read as written with --encoding; without it, rows are rejected naming the option")
    func windows1252() throws {
        let bytes = Array(try #require(Self.text.replacingOccurrences(of: "Łukasz", with: "Lukas").data(using: .windowsCP1252)))
        let named = try read(bytes: bytes, ReaderOptions(encoding: "windows-1252"))
        #expect(named.records.map(\.values).prefix(2) == Self.expected.prefix(2))
        #expect(named.records.last?.values == ["ref-3", "€uro", "Lukas"])
        let plain = try read(bytes: bytes)
        #expect(plain.rowErrors.count == 3)
        for error in plain.rowErrors {
            #expect(error.reasons.joined().contains("--encoding windows-1252"), "\(error.reasons)")
            #expect(!error.reasons.joined().contains("Jos"), "reasons never quote values")
        }
    }

    @Test("ISO-8859-15 has the euro sign where ISO-8859-1 has ¤")
    func latin9() throws {
        let outcome = try read(bytes: [0x61, 0x0A, 0xA4, 0x0A], ReaderOptions(encoding: "ISO-8859-15"))
        #expect(outcome.records.first?.values == ["€"])
    }

    @Test("a byte the encoding does not have is a read error naming its offset and --encoding")
    func invalidInEncoding() throws {
        let outcome = try read(bytes: Array("a\nb\n".utf8) + [0x81, 0x0A], ReaderOptions(encoding: "windows-1252"))
        let error = try #require(outcome.error)
        #expect(error.message.contains("byte offset 4") && error.message.contains("--encoding"), "\(error.message)")
    }

    @Test("gzip is found by its magic bytes; line numbers are the decompressed text's")
    func gzip() throws {
        let text = "reference-id,name-first\nref-1,Ana\nref-2,\"unterminated\n"
        let outcome = try read(bytes: gzipped(Array(text.utf8)), name: "export.csv.gz")
        #expect(outcome.records.map(\.values) == [["ref-1", "Ana"]])
        #expect(outcome.error?.location.line == 3, "\(String(describing: outcome.error))")
        let renamed = try read(bytes: gzipped(Array(Self.text.utf8)), name: "export.csv")
        #expect(renamed.records.map(\.values) == Self.expected, "by content, not by name")
    }

    @Test("concatenated gzip members read as one text; gzip over UTF-16 is inflated then decoded")
    func gzipMembersAndLayers() throws {
        let lines = Array(Self.text.utf8)
        let split = lines.firstIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let members = gzipped(Array(lines[..<split])) + gzipped(Array(lines[split...]))
        #expect(try read(bytes: members, name: "a.csv.gz").records.map(\.values) == Self.expected)
        let layered = gzipped(utf16(Self.text, bigEndian: false))
        #expect(try read(bytes: layered, name: "a.csv.gz").records.map(\.values) == Self.expected)
    }

    @Test("a truncated gzip file stops with a read error that says so")
    func truncatedGzip() throws {
        let bytes = gzipped(Array(String(repeating: Self.text, count: 50).utf8))
        let outcome = try read(bytes: Array(bytes.prefix(bytes.count / 2)), name: "a.csv.gz")
        let error = try #require(outcome.error)
        #expect(error.message.contains("ends early") || error.message.contains("corrupt"), "\(error.message)")
    }

    @Test("zstd is refused with the command that decompresses it")
    func zstd() throws {
        let outcome = try read(bytes: [0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0], name: "a.csv")
        #expect(outcome.error?.message.contains("zstd -dc") == true)
    }

    @Test("a large UTF-16 file, whose characters straddle every chunk boundary, is read whole")
    func largeTranscodedFile() throws {
        var text = "reference-id,name-first\n"
        for index in 0..<20_000 { text += "ref-\(index),Ŵéñ€😀\(index)\n" }
        let outcome = try read(bytes: utf16(text, bigEndian: false), name: "big.csv")
        #expect(outcome.error == nil)
        #expect(outcome.records.count == 20_000)
        #expect(outcome.records.last?.values == ["ref-19999", "Ŵéñ€😀19999"])
    }

    @Test("XML in UTF-16 with its declaration is read; a DOCTYPE in UTF-16 is still refused")
    func xmlUTF16() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r><c><name>José</name></c></r>"
        #expect(try read(bytes: utf16(xml, bigEndian: false), name: "a.xml").records.first?.values == ["José"])
        let hostile = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE r [<!ENTITY x \"y\">]><r><c><a>&x;</a></c></r>"
        let refused = try read(bytes: utf16(hostile, bigEndian: false), name: "a.xml")
        #expect(refused.error?.message.contains("DOCTYPE") == true, "\(String(describing: refused.error))")
    }

    @Test("the text a job hashes is the same however it is compressed or encoded")
    func sameTextSameDigest() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        func digest(_ path: String) throws -> String {
            var hasher = SHA256()
            _ = try readInputText(path: path, options: ReaderOptions()) { hasher.update(bufferPointer: $0) }
            return hasher.finalize().map { String(format: "%02x", $0) }.joined()
        }
        let plain = try digest(try dir.write("a.csv", Self.text))
        #expect(try digest(try dir.write("b.csv.gz", bytes: gzipped(Array(Self.text.utf8)))) == plain)
        #expect(try digest(try dir.write("c.csv", bytes: utf16(Self.text, bigEndian: false))) == plain)
    }
}
