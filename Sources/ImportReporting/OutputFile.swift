import Foundation

/// Files a command writes for the operator: reports, the metrics file, exports. Those that hold
/// reference-ids are created 0600.
public enum OutputFile {
    /// Writes `data` whole: a temporary file beside `path`, then a rename, so a reader never
    /// sees half a file.
    public static func writeAtomically(_ data: Data, to path: String, mode: mode_t) throws(OutputFileError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw OutputFileError(path, reason: lastError) }
        var failed = !writeAll(data, to: descriptor)
        _ = fchmod(descriptor, mode)
        if fsync(descriptor) != 0 { failed = true }
        _ = close(descriptor)
        guard !failed, rename(temporary, path) == 0 else {
            let reason = lastError
            _ = unlink(temporary)
            throw OutputFileError(path, reason: reason)
        }
    }

    /// Writes `data` to `path` in place, created or truncated 0600 (a regular file is made
    /// 0600 even when it existed; a FIFO or `/dev/stdout` is written as it is).
    public static func writePrivately(_ data: Data, to path: String) throws(OutputFileError) {
        let descriptor = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OutputFileError(path, reason: lastError) }
        defer { _ = close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG { _ = fchmod(descriptor, 0o600) }
        guard writeAll(data, to: descriptor) else { throw OutputFileError(path, reason: lastError) }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}

/// A report, metrics or export file that cannot be written; the message names the file.
public struct OutputFileError: Error, Sendable, CustomStringConvertible {
    public let message: String
    init(_ path: String, reason: String) { message = "\(path): cannot write (\(reason))" }
    public var description: String { message }
}
