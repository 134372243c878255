#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open input: a file, or standard input for `-`, read through the layers its first bytes
/// call for: gzip is inflated (found by its magic bytes, not its name), and text in another
/// encoding than UTF-8 (a UTF-16 byte-order mark, or `--encoding`) is turned into UTF-8.
///
/// Readers pull bytes into their own buffers; each layer holds one chunk at the most.
final class InputFile {
    /// The name used in diagnostics: the path as given, or `<stdin>`.
    let displayName: String
    private let source: any ByteSource
    /// The layers found, for messages and tests: `gzip`, `UTF-16`, `windows-1252`, …
    let layers: [String]

    /// The display name of standard input.
    static let stdinName = "<stdin>"

    /// Opens `path`. `encoding` names the text's encoding (nil: UTF-8, or UTF-16 by its
    /// byte-order mark); `displayName` names the input in messages (default: the path).
    init(path: String, encoding: String? = nil, displayName: String? = nil) throws(InputError) {
        self.displayName = displayName ?? (path == "-" ? InputFile.stdinName : path)
        let displayName = self.displayName
        var source: any ByteSource = try Self.open(path)
        var layers: [String] = []
        var head = try Self.peek(&source, name: displayName)
        if head.starts(with: GzipSource.magic) {
            guard let inflated = GzipSource(source) else { throw InputError.cannotOpen(displayName, reason: "zlib cannot start") }
            source = inflated
            layers.append("gzip")
            head = try Self.peek(&source, name: displayName)
        } else if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) {
            throw InputError.unsupportedCompression(displayName, "zstd")
        }
        if let from = Self.encoding(named: encoding, head: head) {
            guard let transcoded = TranscodingSource(source, from: from) else {
                throw InputError.unknownEncoding(displayName, from)
            }
            source = transcoded
            layers.append(from)
        }
        self.source = source
        self.layers = layers
    }

    /// The encoding to turn into UTF-8, or nil for UTF-8 itself: the one named, else the one a
    /// UTF-16 or UTF-32 byte-order mark announces (iconv's `UTF-16` reads the mark and drops it).
    private static func encoding(named name: String?, head: [UInt8]) -> String? {
        if let name { return InputEncoding.isUTF8(name) ? nil : name }
        if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32" }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return "UTF-16" }
        return nil
    }

    private static func open(_ path: String) throws(InputError) -> DescriptorSource {
        if path == "-" { return DescriptorSource(fd: 0, ownsDescriptor: false) }
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError.cannotOpen(path, reason: InputFile.describe(errno: errno))
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw InputError.cannotOpen(path, reason: "it is a directory, not a file")
        }
        return DescriptorSource(fd: descriptor, ownsDescriptor: true)
    }

    /// The first bytes of `source`, which is replaced by one that reads them again.
    private static func peek(_ source: inout any ByteSource, name: String) throws(InputError) -> [UInt8] {
        guard let head = ReplaySource.peek(source, count: 4) else {
            throw InputError.readFailed(name, line: 0, reason: source.failure)
        }
        source = ReplaySource(head: head, rest: source)
        return head
    }

    /// Reads up to `count` bytes; 0 means end of input; nil on failure (``failure`` says why).
    func read(into destination: UnsafeMutableRawPointer, count: Int) -> Int? {
        source.read(into: destination, count: count)
    }

    /// Why the last read failed.
    var failure: String { source.failure }

    /// A readable explanation of an errno value.
    static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file (check the path)"
        case EACCES: return "permission denied (check the file's permissions)"
        case EISDIR: return "it is a directory, not a file"
        default:
            guard let text = strerror(code) else { return "error \(code)" }
            return String(cString: text)
        }
    }
}

/// The encodings `--encoding` takes: any name the system's iconv knows (`windows-1252`,
/// `ISO-8859-15`, `UTF-16LE`, …).
public enum InputEncoding {
    /// Whether `name` can be read.
    public static func isKnown(_ name: String) -> Bool {
        isUTF8(name) || TranscodingSource.knows(name)
    }

    /// `utf-8`, `UTF8`, …: read as it is.
    static func isUTF8(_ name: String) -> Bool {
        ["utf-8", "utf8"].contains(name.lowercased())
    }
}

/// Reads an input as the readers see it (gzip inflated, text turned into UTF-8) and hands it
/// over a chunk at a time: what a job's identity hashes, so that the same export recompressed
/// or saved in another encoding is the same job.
///
/// - Returns: the number of bytes handed over.
public func readInputText(
    path: String, options: ReaderOptions, _ body: (UnsafeRawBufferPointer) -> Void
) throws(InputError) -> Int64 {
    let input = try InputFile(path: path, encoding: options.encoding)
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { chunk.deallocate() }
    var total: Int64 = 0
    while true {
        guard let base = chunk.baseAddress, let n = input.read(into: base, count: chunk.count) else {
            throw InputError.readFailed(input.displayName, line: 0, reason: input.failure)
        }
        if n == 0 { return total }
        body(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        total += Int64(n)
    }
}
