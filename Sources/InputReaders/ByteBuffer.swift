#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer for the XML reader's per-record scratch (element path, field names,
/// text): appends and truncation without Array's uniqueness checks.
/// `slack` bytes past the capacity stay readable (zeroed at allocation) for word-wide loads.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(16, capacity)
        base = ByteBuffer.allocate(self.capacity)
    }

    static let slack = 16

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + slack)
        memory.initialize(repeating: 0, count: capacity + slack)
        return memory
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafePointer<UInt8>, count length: Int) {
        if count + length > capacity { grow(to: count + length) }
        (base + count).update(from: bytes, count: length)
        count += length
    }

    func append(_ other: ByteBuffer, from start: Int = 0) {
        append(other.base + start, count: other.count - start)
    }

    /// Drops everything from `newCount` on.
    @inline(__always)
    func truncate(to newCount: Int) { count = min(count, newCount) }

    func replace(with other: ByteBuffer) {
        count = 0
        append(other)
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = ByteBuffer.allocate(newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }
}
