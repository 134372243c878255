import Foundation
import ImportCore

/// Writes rejected rows to a CSV file a person can fix and feed back as input.
///
/// The file is created with mode 0600 (it holds customer data). Columns: the input's own
/// columns unchanged (the header of the first rejected row's shape; for XML its field names),
/// then `_line` (physical line in the input) and `_errors` (every reason, joined by `; `).
/// RFC 4180 quoting, LF line ends. Writes are buffered; `close()` flushes. Thread-safe.
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
    public init(path: String) throws(RejectsError) {
        self.path = path
        let descriptor = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw RejectsError(path: path, action: "create", errno: errno) }
        // The file may have existed with wider permissions: O_CREAT's mode applies only to new
        // files. Only a regular file is narrowed: a device such as /dev/null is left alone.
        var status = stat()
        let isRegularFile = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        guard !isRegularFile || fchmod(descriptor, 0o600) == 0 else {
            let code = errno
            _ = Foundation.close(descriptor)
            throw RejectsError(path: path, action: "set permissions 0600 on", errno: code)
        }
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.flushThreshold * 2)
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
            writeHeader(names)
            for waiting in pending { append(waiting, header: names) }
            pending.removeAll()
            append(rejected, header: names)
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
            writeHeader(names)
            for waiting in pending { append(waiting, header: names) }
            pending.removeAll()
        }
        try flush()
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw RejectsError(path: path, action: "sync", errno: errno) }
    }

    private func writeHeader(_ names: FieldNames) {
        header = names
        for name in names.names {
            Self.appendField(name, to: &buffer)
            buffer.append(UInt8(ascii: ","))
        }
        buffer.append(contentsOf: Array("_line,_errors\n".utf8))
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

    /// RFC 4180: quote when the field holds a comma, quote, CR or LF (or starts/ends with a
    /// space, so a reader that trims keeps them); double the quotes inside.
    static func appendField(_ field: String, to buffer: inout [UInt8]) {
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

/// The rejects file could not be written; names the file and the system error.
public struct RejectsError: Error, Sendable, CustomStringConvertible {
    /// The rejects file.
    public var path: String
    /// What failed, e.g. `create`.
    public var action: String
    /// The system error number.
    public var errno: Int32

    /// Creates an error about `path`.
    public init(path: String, action: String, errno: Int32) {
        self.path = path
        self.action = action
        self.errno = errno
    }

    /// `cannot <action> the rejects file <path>: <system error>; …`
    public var description: String {
        "cannot \(action) the rejects file \(path): \(String(cString: strerror(errno))); check the directory exists and is writable"
    }
}
