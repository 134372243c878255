import Foundation
import Testing

@testable import FuzzTargets

/// Every committed fuzz input, seeds and the crashes found so far (`crash-*`), through the same
/// bodies libFuzzer drives (`scripts/fuzz.sh`): none may crash or break a property.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static func inputs(_ target: FuzzTarget) -> [URL] {
        let folder = corpus.appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyCommittedInputPasses(_ target: FuzzTarget) throws {
        let inputs = Self.inputs(target)
        #expect(inputs.count >= 5, "a seed corpus of its own for \(target.rawValue)")
        for input in inputs {
            let bytes = try [UInt8](Data(contentsOf: input))
            #expect(throws: Never.self, "\(target.rawValue)/\(input.lastPathComponent)") { try target.run(bytes) }
        }
    }

    @Test func aRequestInputReadsAsDocumented() {
        let request = EmulatorRequestFuzzing.parse(Array("POST /api/v1/inquiries\nIdempotency-Key: k\n\n{}\n\nmore".utf8))
        #expect(request.method == "POST")
        #expect(request.target == "/api/v1/inquiries")
        #expect(request.headers.contains { $0.name == "Idempotency-Key" && $0.value == "k" })
        #expect(request.headers.contains { $0.name == "Authorization" }, "the emulator's key is added")
        #expect(request.body == Array("{}\n\nmore".utf8), "the body is everything after the first blank line")

        let own = EmulatorRequestFuzzing.parse(Array("GET /x\nauthorization: Bearer other\n".utf8))
        #expect(own.headers.filter { $0.name.lowercased() == "authorization" }.map(\.value) == ["Bearer other"])
        #expect(own.body.isEmpty)
    }

    @Test func aResponseInputReadsAsDocumented() {
        let message = MessageText(Array("429\nRetry-After:  7\nno colon here\n\n{\"errors\":[]}".utf8))
        #expect(message.startLine == "429")
        #expect(message.header("retry-after") == "7", "looked up case-insensitively, leading spaces dropped")
        #expect(message.headers.count == 1, "a line without a colon is no header")
        #expect(message.body == Array("{\"errors\":[]}".utf8))
    }
}
