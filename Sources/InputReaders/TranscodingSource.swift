#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Text in another encoding, turned into UTF-8 as it is read (the system's iconv), so that
/// readers, validation, the rejects file and Persona all see UTF-8. Constant memory: one input
/// chunk, and a sequence cut by a chunk boundary carried to the next.
final class TranscodingSource: ByteSource {
    private let source: any ByteSource
    private let converter: iconv_t
    private let encoding: String
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    /// Bytes of `input` not converted yet: `input[pending..<filled]`.
    private var pending = 0
    private var filled = 0
    private var inputEnded = false
    /// Bytes of the source consumed before `input[0]`, for the offset in a message.
    private var consumedBefore = 0
    private(set) var failure = ""

    /// Nil when the system's iconv does not know `encoding`.
    init?(_ source: any ByteSource, from encoding: String) {
        guard let converter = iconv_open("UTF-8", encoding), converter != iconv_t(bitPattern: -1) else { return nil }
        self.source = source
        self.converter = converter
        self.encoding = encoding
    }

    deinit {
        iconv_close(converter)
    }

    /// Whether the system's iconv can read `encoding`.
    static func knows(_ encoding: String) -> Bool {
        guard let converter = iconv_open("UTF-8", encoding), converter != iconv_t(bitPattern: -1) else { return false }
        iconv_close(converter)
        return true
    }

    func read(into destination: UnsafeMutableRawPointer, count: Int) -> Int? {
        // A UTF-8 sequence is at most 4 bytes: a smaller read goes through a scratch buffer.
        guard spill.isEmpty, count >= 4 else { return count == 0 ? 0 : readSmall(into: destination, count: count) }
        return convert(into: destination, count: count)
    }

    private func convert(into destination: UnsafeMutableRawPointer, count: Int) -> Int? {
        while true {
            if pending == filled || needsMoreInput {
                guard refill() else { return nil }
                if pending == filled && inputEnded { return 0 }
            }
            var outLeft = count
            let produced: Int? = input.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { return nil }
                var inPointer: UnsafeMutablePointer<CChar>? = (base + pending).assumingMemoryBound(to: CChar.self)
                var inLeft = filled - pending
                var outPointer: UnsafeMutablePointer<CChar>? = destination.assumingMemoryBound(to: CChar.self)
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                let code = errno
                pending = filled - inLeft
                if result == -1 && code == EILSEQ {
                    failure = "byte offset \(consumedBefore + pending) is not valid \(encoding) (check --encoding)"
                    return nil
                }
                // EINVAL: a sequence cut at the end of the chunk; E2BIG: the output is full.
                needsMoreInput = result == -1 && code == EINVAL
                return count - outLeft
            }
            guard let produced else { return nil }
            if produced > 0 { return produced }
            if needsMoreInput && inputEnded {
                failure = "the input ends inside a \(encoding) character"
                return nil
            }
        }
    }

    private var needsMoreInput = false

    /// Moves the unconverted bytes to the front and reads more after them; false on failure.
    private func refill() -> Bool {
        guard !inputEnded else { return true }
        let left = filled - pending
        consumedBefore += pending
        input.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            if left > 0 && pending > 0 { base.copyMemory(from: base + pending, byteCount: left) }
        }
        pending = 0
        filled = left
        let n = input.withUnsafeMutableBytes { buffer in
            buffer.baseAddress.flatMap { source.read(into: $0 + left, count: buffer.count - left) }
        }
        guard let n else {
            failure = source.failure
            return false
        }
        if n == 0 { inputEnded = true }
        filled += n
        needsMoreInput = false
        return true
    }

    /// A read too small for one UTF-8 sequence: converted into a scratch buffer first.
    private var spill: [UInt8] = []

    private func readSmall(into destination: UnsafeMutableRawPointer, count: Int) -> Int? {
        if spill.isEmpty {
            var scratch = [UInt8](repeating: 0, count: 64)
            let n = scratch.withUnsafeMutableBytes { buffer in buffer.baseAddress.flatMap { convert(into: $0, count: 64) } }
            guard let n else { return nil }
            spill = Array(scratch.prefix(n))
        }
        let n = min(count, spill.count)
        spill.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { destination.copyMemory(from: base, byteCount: n) }
        }
        spill.removeFirst(n)
        return n
    }
}
