import Foundation
import ImportCore
import InputReaders
import Testing

@Suite("XML: hostile and malformed input")
struct XMLHardeningTests {
    static let marker = "SECRET-MARKER-41f3c2"

    /// Everything a read produced, as text: values, names, reasons and the error.
    func allText(_ outcome: ReadOutcome) -> String {
        var parts: [String] = []
        for event in outcome.events {
            switch event {
            case .record(let record): parts += record.values + record.names.names
            case .rowError(let error): parts += error.values + error.reasons + (error.names?.names ?? [])
            }
        }
        if let error = outcome.error { parts.append(error.description) }
        return parts.joined(separator: "\n")
    }

    @Test("an external entity pointing at a local file is refused and never read")
    func externalEntity() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let secret = try dir.write("secret.txt", Self.marker)
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE customers [ <!ENTITY xxe SYSTEM "file://\(secret)"> ]>
            <customers><customer><name>&xxe;</name></customer></customers>
            """
        let outcome = readAll(try dir.write("xxe.xml", xml))
        #expect(!allText(outcome).contains(Self.marker))
        let error = try #require(outcome.error)
        #expect(error.location.line == 2)
        #expect(error.message == "DOCTYPE declarations are not allowed (they can define entities): remove the <!DOCTYPE …> line")
        #expect(outcome.events.isEmpty)
    }

    @Test("an external DTD is refused too")
    func externalDTD() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let dtd = try dir.write("evil.dtd", "<!ENTITY leak \"\(Self.marker)\">")
        let xml = "<!-- c --><?pi x?>\n\n<!DOCTYPE r SYSTEM \"file://\(dtd)\">\n<r><c><a>&leak;</a></c></r>"
        let outcome = readAll(try dir.write("dtd.xml", xml))
        #expect(!allText(outcome).contains(Self.marker))
        #expect(outcome.error?.location.line == 3)
    }

    @Test("billion laughs is refused at once")
    func billionLaughs() throws {
        var entities = "<!ENTITY lol0 \"lol\">\n"
        for level in 1...9 {
            let refs = String(repeating: "&lol\(level - 1);", count: 10)
            entities += "<!ENTITY lol\(level) \"\(refs)\">\n"
        }
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n\(entities)]>\n<lolz><r><a>&lol9;</a></r></lolz>\n"
        let started = Date()
        let outcome = try read(xml, name: "lol.xml")
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(outcome.error?.location.line == 2)
        #expect(outcome.error?.message.hasPrefix("DOCTYPE declarations are not allowed") == true)
        #expect(outcome.events.isEmpty)
    }

    @Test("a DOCTYPE with an internal subset is refused with its line")
    func internalSubset() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [ <!ELEMENT r ANY> <!ENTITY e \"x\"> ]>\n<r><c><a>&e;</a></c></r>"
        let outcome = try read(xml, name: "x.xml")
        #expect(outcome.error?.description.contains("x.xml:2: DOCTYPE declarations are not allowed") == true)
    }

    @Test("a DOCTYPE in a UTF-16 file is refused by the reader's node check")
    func utf16Doctype() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE r [ <!ENTITY e \"x\"> ]>\n<r><c><a>&e;</a></c></r>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let outcome = try read(bytes: bytes, name: "x.xml")
        #expect(outcome.error?.message.hasPrefix("DOCTYPE declarations are not allowed") == true)
        #expect(outcome.records.isEmpty)
    }

    @Test("a 20 MB text node is a clear error, not a crash; earlier records arrive first")
    func hugeTextNode() throws {
        let huge = String(repeating: "t", count: 20_000_000)
        let outcome = try read("<r>\n<c><a>1</a></c>\n<c><a>\(huge)</a></c>\n<c><a>3</a></c></r>", name: "x.xml",
            ReaderOptions(maxFieldBytes: 30_000_000))
        #expect(outcome.records.map(\.values) == [["1"]])
        let error = try #require(outcome.error)
        #expect(error.location.line == 3)
        #expect(error.message.contains("larger than libxml2's 10 MB limit"))
    }

    @Test("a 20 MB text node over maxFieldBytes is dropped unstored until libxml2's limit stops it")
    func hugeTextNodeDefaultLimit() throws {
        let huge = String(repeating: "t", count: 20_000_000)
        let outcome = try read("<r><c><a>1</a></c><c><a>\(huge)</a></c></r>", name: "x.xml")
        #expect(outcome.records.count == 1)
        #expect(outcome.error != nil)
    }

    @Test("malformed XML is a file error with line and column; earlier records arrive first")
    func malformed() throws {
        var xml = "<customers>\n"
        for n in 1...50 { xml += "  <customer><id>\(n)</id></customer>\n" }
        xml += "  <customer><id>51</idx></customer>\n</customers>\n"
        let outcome = try read(xml, name: "bad.xml")
        #expect(outcome.records.count == 50)
        let error = try #require(outcome.error)
        #expect(error.location.line == 52)
        #expect(error.location.column != nil)
        #expect(error.description.contains("bad.xml:52:"))
        #expect(error.message.hasPrefix("malformed XML: "))
    }

    @Test("records salvaged after an error look exactly like records read normally")
    func salvagedRecords() throws {
        var xml = "<export><batch>\n"
        for n in 1...200 {
            xml += "<p:person xmlns:p=\"urn:p\" id=\"\(n)\"><name>N\(n)</name><addr kind=\"k\"><city>C</city></addr><empty/></p:person>\n"
        }
        xml += "<person id=\"201\"><name>broken</nam></person>\n</batch></export>\n"
        let outcome = try read(xml, name: "x.xml", ReaderOptions(recordElement: "person"))
        let records = outcome.records
        #expect(records.count == 200)
        #expect(records.map(\.number) == Array(1...200))
        #expect(records.map(\.line) == Array(2...201))
        #expect(records.allSatisfy { $0.names.names == ["@id", "name", "addr/@kind", "addr/city", "empty"] })
        #expect(records.enumerated().allSatisfy { $0.element.values == ["\($0.offset + 1)", "N\($0.offset + 1)", "k", "C", ""] })
        #expect(outcome.error?.location.line == 202)
    }

    @Test("invalid UTF-8 is refused with its line and without echoing the bytes")
    func invalidUTF8() throws {
        let bytes = Array("<r>\n<c><a>ok</a></c>\n<c><a>ab".utf8) + [0xC3, 0x28] + Array("</a></c>\n</r>\n".utf8)
        let outcome = try read(bytes: bytes, name: "x.xml")
        #expect(outcome.records.map(\.values) == [["ok"]])
        let error = try #require(outcome.error)
        #expect(error.location.line == 3)
        #expect(error.message.contains("not valid UTF-8"))
        #expect(!error.message.contains("0xC3"))
    }

    @Test("an empty document is a file error")
    func emptyDocument() throws {
        let outcome = try read("", name: "x.xml")
        #expect(outcome.error != nil)
        #expect(outcome.error?.location.file.hasSuffix("x.xml") == true)
    }

    @Test("readers on several threads at once stay independent")
    func concurrentReaders() async throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        var good = "<r>"
        for n in 0..<2000 { good += "<c><id>\(n)</id></c>" }
        good += "</r>"
        let goodPath = try dir.write("good.xml", good)
        let badPath = try dir.write("bad.xml", "<r><c><id>1</id></c><c><id>2</x></c></r>")
        let counts = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<8 {
                let path = index % 2 == 0 ? goodPath : badPath
                group.addTask {
                    let outcome = readAll(path)
                    return (outcome.records.count, outcome.error == nil)
                }
            }
            var results: [(Int, Bool)] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(counts.filter { $0 == (2000, true) }.count == 4)
        #expect(counts.filter { $0 == (1, false) }.count == 4)
    }
}
