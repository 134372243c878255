import Foundation
import ImportProtocol

/// `run -`: standard input copied to a private file (0600) before the job starts, so that the
/// job has an identity (the hash of what was piped) and resumes like any other: the same input
/// piped again is the same job. The file is removed when the run ends; one left by a killed run
/// (`*.stdin-XXXXXX`) holds customer data and may be deleted.
public final class StdinSpool: Sendable {
    /// The copy.
    public let path: String

    /// Copies standard input into a new file in `directory`, named after `stem`.
    public init(directory: String, stem: String) throws(RunFailure) {
        var template = Array((directory as NSString).appendingPathComponent("\(stem).stdin-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else {
            throw RunFailure(.output, "cannot create a file in \(directory) to hold standard input (\(String(cString: strerror(errno)))); check the folder, or pass --ledger")
        }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { close(descriptor) }
        _ = fchmod(descriptor, 0o600)
        if let problem = Self.copy(from: STDIN_FILENO, to: descriptor) {
            unlink(path)
            throw RunFailure(.input, "standard input: \(problem) (the partial copy in \(directory) was removed)")
        }
    }

    deinit {
        unlink(path)
    }

    /// Copies to the end; what went wrong, or nil.
    private static func copy(from source: Int32, to target: Int32) -> String? {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        guard let base = chunk.baseAddress else { return "out of memory" }
        while true {
            let read = Foundation.read(source, base, chunk.count)
            if read < 0 && errno == EINTR { continue }
            guard read >= 0 else { return "reading failed (\(String(cString: strerror(errno))))" }
            if read == 0 { return nil }
            var written = 0
            while written < read {
                let count = Foundation.write(target, base + written, read - written)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return "writing the copy failed (\(String(cString: strerror(errno))))" }
                written += count
            }
        }
    }
}
