#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes a reader pulls: a file, or a layer over another source (decompression,
/// transcoding, bytes read ahead to sniff the input).
protocol ByteSource: AnyObject {
    /// Reads up to `count` bytes; 0 at the end, nil on failure (``failure`` says why).
    func read(into destination: UnsafeMutableRawPointer, count: Int) -> Int?
    /// Why the last read failed, for the message.
    var failure: String { get }
}

/// A file descriptor (a file, or standard input).
final class DescriptorSource: ByteSource {
    let fd: Int32
    private let ownsDescriptor: Bool
    private(set) var failure = ""

    init(fd: Int32, ownsDescriptor: Bool) {
        self.fd = fd
        self.ownsDescriptor = ownsDescriptor
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    func read(into destination: UnsafeMutableRawPointer, count: Int) -> Int? {
        while true {
            let n = systemRead(fd, destination, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            failure = InputFile.describe(errno: errno)
            return nil
        }
    }
}

/// `read(2)`, named apart from the methods called `read`.
private func systemRead(_ fd: Int32, _ destination: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, destination, count)
}

/// Bytes already read from a source (to sniff it), then the rest of the source.
final class ReplaySource: ByteSource {
    private var head: [UInt8]
    private let rest: any ByteSource

    init(head: [UInt8], rest: any ByteSource) {
        self.head = head
        self.rest = rest
    }

    var failure: String { rest.failure }

    func read(into destination: UnsafeMutableRawPointer, count: Int) -> Int? {
        guard !head.isEmpty else { return rest.read(into: destination, count: count) }
        let n = min(count, head.count)
        head.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { destination.copyMemory(from: base, byteCount: n) }
        }
        head.removeFirst(n)
        return n
    }

    /// Reads up to `count` bytes of `source` (fewer only at its end), for sniffing.
    static func peek(_ source: any ByteSource, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.flatMap { source.read(into: $0 + filled, count: count - filled) }
            }
            guard let n else { return nil }
            if n == 0 { break }
            filled += n
        }
        return Array(bytes.prefix(filled))
    }
}
