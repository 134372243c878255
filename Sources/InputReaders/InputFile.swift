#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open input: a file descriptor for a path, or standard input for `-`.
///
/// Readers pull bytes with `read(2)` into their own buffers, so nothing here buffers.
final class InputFile {
    /// The name used in diagnostics: the path as given, or `<stdin>`.
    let displayName: String
    let fd: Int32
    private let ownsDescriptor: Bool

    /// The display name of standard input.
    static let stdinName = "<stdin>"

    init(path: String) throws(InputError) {
        if path == "-" {
            displayName = InputFile.stdinName
            fd = 0
            ownsDescriptor = false
            return
        }
        displayName = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError.cannotOpen(path, reason: InputFile.describe(errno: errno))
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw InputError.cannotOpen(path, reason: "it is a directory, not a file")
        }
        fd = descriptor
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Reads up to `count` bytes; 0 means end of input. Retries on EINTR.
    /// Returns nil and leaves `errno` set on failure.
    func read(into destination: UnsafeMutableRawPointer, count: Int) -> Int? {
        while true {
            let n = systemRead(fd, destination, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            return nil
        }
    }

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

/// `read(2)`, named apart from `InputFile.read` so the method can call it.
private func systemRead(_ fd: Int32, _ destination: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, destination, count)
}
