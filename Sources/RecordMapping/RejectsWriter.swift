import Foundation
import ImportCore

/// Writes rejected rows to a CSV file a person can fix and feed back as input.
///
/// The file is created with mode 0600 (it holds customer data). Columns: the input's own
/// columns (the header of the first rejected row's shape; for XML its field names), then
/// `_line` (physical line in the input) and `_errors` (every reason, joined by `; `). A row
/// that came from a rejects file fed back does not repeat its old `_line` and `_errors`.
/// RFC 4180 quoting, LF line ends. Writes are buffered; `close()` flushes. Thread-safe.
///
/// **CSV injection.** A cell (value, column name or reason) that a spreadsheet would run as a
/// formula, one starting with `=`, `+`, `-`, `@`, a tab or a carriage return, is written with a
/// single quote in front, as OWASP advises (``RejectsFileFormat/guarded(_:)``). The quote is not
/// part of the value: the CSV reader takes it off again when the rejects file is fed back (it
/// recognises the file by its `_line`/`_errors` columns), so the mapper sees exactly the values
/// of the original input. Wrapping such a cell in double quotes instead was rejected: spreadsheets
/// evaluate `"=1+2"` as a formula too. Keeping values verbatim was rejected: the file is made to
/// be opened in a spreadsheet, and rejected rows are where hostile values end up.
///
/// **Where it writes.** The default path (`<input>.rejects.csv`, next to an input that may sit
/// in a shared folder) is opened without following a symbolic link (`O_NOFOLLOW`) and must be a
/// regular file with no other hard link, checked before it is truncated; otherwise creating the
/// writer fails with a message. A path the operator named (`--rejects`) is theirs to choose:
/// it may be a symbolic link or a device such as `/dev/null`.
///
/// Rows of another shape (XML) are written under the first shape's header by column name;
/// their names the header lacks are dropped.
public final class RejectsWriter: @unchecked Sendable {
    // @unchecked: mutable state is guarded by `lock`.
    private let lock = NSLock()
    private let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var header: FieldNames?
    private var lastNames: FieldNames?
    private var lastPositions: [Int?] = []
    private var pending: [RowError] = []
    private var written = 0
    private static let flushThreshold = 1 << 16

    /// Creates (or truncates) `path` with permissions 0600.
    ///
    /// - Parameter isDefaultPath: true when persona-import chose the path itself
    ///   (`<input>.rejects.csv`, no `--rejects`): a symbolic link, a non-regular file or a file
    ///   with other hard links is then refused, and nothing is truncated before those checks.
    ///   False (the default) for a path the operator named: it is opened as given, symbolic
    ///   links and devices such as `/dev/null` included.
    public init(path: String, isDefaultPath: Bool = false) throws(RejectsError) {
        self.path = path
        let descriptor = isDefaultPath ? try Self.openDefault(path) : try Self.openNamed(path)
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.flushThreshold * 2)
    }

    /// Opens a path the operator named: created or truncated; only a regular file is narrowed
    /// to 0600 (a device such as /dev/null is left alone).
    private static func openNamed(_ path: String) throws(RejectsError) -> Int32 {
        let descriptor = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw RejectsError(path: path, action: "create", errno: errno) }
        // The file may have existed with wider permissions: O_CREAT's mode applies only to new
        // files.
        var status = stat()
        let isRegularFile = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        guard !isRegularFile || fchmod(descriptor, 0o600) == 0 else {
            let code = errno
            _ = Foundation.close(descriptor)
            throw RejectsError(path: path, action: "set permissions 0600 on", errno: code)
        }
        return descriptor
    }

    private static let notRegular = "it exists and is not a regular file; remove it, or name the file with --rejects"

    /// Opens the default path: no symbolic link followed, no blocking on a FIFO, and the file
    /// checked (regular, one link) before it is truncated and narrowed to 0600.
    private static func openDefault(_ path: String) throws(RejectsError) -> Int32 {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == ELOOP || code == EMLINK {
                throw RejectsError(path: path, action: "create", errno: code,
                                   reason: "it is a symbolic link, which the default rejects file never follows; remove it, or name the file with --rejects")
            }
            if code == ENXIO {  // a FIFO without a reader (O_NONBLOCK), or a socket
                throw RejectsError(path: path, action: "create", errno: code, reason: notRegular)
            }
            throw RejectsError(path: path, action: "create", errno: code)
        }
        func fail(_ action: String, _ code: Int32, _ reason: String? = nil) -> RejectsError {
            _ = Foundation.close(descriptor)
            return RejectsError(path: path, action: action, errno: code, reason: reason)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw fail("inspect", errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw fail("create", EINVAL, notRegular)
        }
        guard status.st_nlink <= 1 else {
            throw fail("create", EINVAL, "it has other hard links, so writing it would change another file; remove it, or name the file with --rejects")
        }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) == 0 else { throw fail("open", errno) }
        guard ftruncate(descriptor, 0) == 0 else { throw fail("truncate", errno) }
        // The file may have existed with wider permissions: O_CREAT's mode applies only to new
        // files.
        guard fchmod(descriptor, 0o600) == 0 else { throw fail("set permissions 0600 on", errno) }
        return descriptor
    }

    deinit {
        if descriptor >= 0 { _ = Foundation.close(descriptor) }
    }

    /// Appends one rejected row. Rows that carry no column names (a row the reader could not
    /// split) wait until a row with names fixes the header, so the header is the input's.
    public func write(_ rejected: RowError) throws(RejectsError) {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0 else { throw RejectsError(path: path, action: "write to (already closed)", errno: EBADF) }
        guard let header else {
            guard let names = rejected.names else {
                pending.append(rejected)
                return
            }
            let header = writeHeader(names)
            for waiting in pending { append(waiting, header: header) }
            pending.removeAll()
            append(rejected, header: header)
            if buffer.count >= Self.flushThreshold { try flush() }
            return
        }
        append(rejected, header: header)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Rows written so far.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return written + pending.count
    }

    /// Flushes and closes the file. Further writes fail; closing twice does nothing.
    public func close() throws(RejectsError) {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0 else { return }
        defer {
            _ = Foundation.close(descriptor)
            descriptor = -1
        }
        if header == nil && !pending.isEmpty {
            // Only unsplittable rows: name the columns by position.
            let width = pending.map(\.values.count).max() ?? 0
            let names = FieldNames((0..<width).map { "column\($0 + 1)" })
            let header = writeHeader(names)
            for waiting in pending { append(waiting, header: header) }
            pending.removeAll()
        }
        try flush()
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw RejectsError(path: path, action: "sync", errno: errno) }
    }

    /// Writes the header: `names` without the columns of an earlier rejects file (a row fed
    /// back and rejected again gets fresh ones), then `_line` and `_errors`.
    private func writeHeader(_ names: FieldNames) -> FieldNames {
        let own = names.names.contains(where: RejectsFileFormat.columns.contains)
            ? FieldNames(names.names.filter { !RejectsFileFormat.columns.contains($0) })
            : names
        header = own
        for name in own.names {
            Self.appendField(name, to: &buffer)
            buffer.append(UInt8(ascii: ","))
        }
        Self.appendField(RejectsFileFormat.lineColumn, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        Self.appendField(RejectsFileFormat.errorsColumn, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        return own
    }

    private func append(_ rejected: RowError, header: FieldNames) {
        let values = aligned(rejected, to: header)
        for index in 0..<header.count {
            Self.appendField(index < values.count ? values[index] : "", to: &buffer)
            buffer.append(UInt8(ascii: ","))
        }
        buffer.append(contentsOf: Array(String(rejected.line).utf8))
        buffer.append(UInt8(ascii: ","))
        Self.appendField(rejected.reasons.joined(separator: "; "), to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        written += 1
    }

    /// The row's values in the header's column order (empty where the row lacks a column).
    private func aligned(_ rejected: RowError, to header: FieldNames) -> [String] {
        guard let names = rejected.names else {
            var values = rejected.values
            if values.count < header.count { values += Array(repeating: "", count: header.count - values.count) }
            return values
        }
        if names === header || names.names == header.names { return rejected.values }
        if lastNames !== names {
            lastNames = names
            lastPositions = header.names.map { names.position(of: $0) }
        }
        return lastPositions.map { position in position.map { rejected.values[$0] } ?? "" }
    }

    private func flush() throws(RejectsError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Foundation.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw RejectsError(path: path, action: "write to", errno: errno)
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The formula guard (``RejectsFileFormat/guarded(_:)``), then RFC 4180: quote when the
    /// field holds a comma, quote, CR or LF (or starts/ends with a space, so a reader that trims
    /// keeps them); double the quotes inside.
    static func appendField(_ value: String, to buffer: inout [UInt8]) {
        let field = RejectsFileFormat.guarded(value)
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == 0x20 || utf8.last == 0x20
        guard needsQuotes else {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }
}

/// The rejects file could not be written; names the file and the system error (or why the
/// file was refused).
public struct RejectsError: Error, Sendable, CustomStringConvertible {
    /// The rejects file.
    public var path: String
    /// What failed, e.g. `create`.
    public var action: String
    /// The system error number.
    public var errno: Int32
    /// Why the file was refused, when it was not the system's error (a symbolic link at the
    /// default path, say); replaces the system message in ``description``.
    public var reason: String?

    /// Creates an error about `path`.
    public init(path: String, action: String, errno: Int32, reason: String? = nil) {
        self.path = path
        self.action = action
        self.errno = errno
        self.reason = reason
    }

    /// `cannot <action> the rejects file <path>: <system error>; …`, or `…: <reason>`.
    public var description: String {
        if let reason { return "cannot \(action) the rejects file \(path): \(reason)" }
        return "cannot \(action) the rejects file \(path): \(String(cString: strerror(errno))); check the directory exists and is writable"
    }
}
