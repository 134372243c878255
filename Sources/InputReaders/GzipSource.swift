import CZlib

/// A gzip stream, inflated as it is read (several gzip members one after another, as `cat
/// a.gz b.gz` makes, read as one text). Constant memory: one input chunk.
final class GzipSource: ByteSource {
    private let source: any ByteSource
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inputEnded = false
    private var finished = false
    /// A member ended and no byte of the next one has been read yet.
    private var betweenMembers = false
    private(set) var failure = ""

    /// The magic bytes a gzip stream starts with.
    static let magic: [UInt8] = [0x1F, 0x8B]

    init?(_ source: any ByteSource) {
        self.source = source
        // 15 + 16: a gzip header and trailer, the largest window.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
    }

    deinit {
        inflateEnd(&stream)
    }

    func read(into destination: UnsafeMutableRawPointer, count: Int) -> Int? {
        guard !finished, count > 0 else { return 0 }
        return input.withUnsafeMutableBytes { buffer -> Int? in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            stream.next_out = destination.assumingMemoryBound(to: UInt8.self)
            stream.avail_out = UInt32(min(count, Int(UInt32.max)))
            while stream.avail_out == UInt32(min(count, Int(UInt32.max))) {
                if stream.avail_in == 0 && !inputEnded {
                    guard let n = source.read(into: base, count: buffer.count) else {
                        failure = source.failure
                        return nil
                    }
                    if n == 0 {
                        inputEnded = true
                        if betweenMembers {
                            finished = true
                            return count - Int(stream.avail_out)
                        }
                    }
                    betweenMembers = false
                    stream.next_in = base
                    stream.avail_in = UInt32(n)
                }
                let status = inflate(&stream, Z_NO_FLUSH)
                switch status {
                case Z_STREAM_END:
                    // Another member may follow; anything else after the last one is refused.
                    if stream.avail_in == 0 && inputEnded {
                        finished = true
                        return count - Int(stream.avail_out)
                    }
                    guard inflateReset(&stream) == Z_OK else { return fail("the gzip stream cannot be read on") }
                    betweenMembers = stream.avail_in == 0
                case Z_OK:
                    continue
                case Z_BUF_ERROR where inputEnded && stream.avail_in == 0:
                    return fail("the gzip stream ends early (a truncated download or copy?)")
                case Z_BUF_ERROR:
                    continue
                default:
                    return fail("the gzip data is corrupt")
                }
            }
            return count - Int(stream.avail_out)
        }
    }

    private func fail(_ reason: String) -> Int? {
        failure = reason
        return nil
    }
}
