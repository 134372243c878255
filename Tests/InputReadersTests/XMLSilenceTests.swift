import Foundation
import ImportCore
import InputReaders
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("XML: libxml2 stays quiet")
struct XMLSilenceTests {
    @Test("malformed input produces an InputError and nothing on stderr")
    func nothingOnStderr() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let path = try dir.write("bad.xml", "<r><c><a>1</b></c>\n<c>&undefined;</c><<</r>")
        let capture = dir.url.appendingPathComponent("stderr.txt").path
        fflush(nil)  // all C streams
        let saved = dup(2)
        let file = open(capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(saved >= 0 && file >= 0)
        dup2(file, 2)
        let outcome = readAll(path)
        fflush(nil)  // all C streams
        dup2(saved, 2)
        close(file)
        close(saved)
        let written = try String(contentsOfFile: capture, encoding: .utf8)
        #expect(outcome.error != nil)
        #expect(!written.contains("parser error"))
        #expect(!written.contains("mismatch"))
    }
}
