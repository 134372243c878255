/// A reusable, growable list for per-record scratch in the XML reader: appends without
/// Array's uniqueness and capacity bookkeeping; `take()` moves the contents into a new Array.
final class ScratchArray<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 32) {
        self.capacity = max(4, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// The element at `index` (< `count`; not checked).
    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    /// Drops every element, keeping the storage.
    func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    /// Moves every element into a new Array, leaving this list empty. (Measured: cheaper than
    /// `Array(repeating:count:)` or `Array(unsafeUninitializedCapacity:)`, which look up the
    /// array's generic metadata on every call, or filling the Array then moving bitwise.)
    func take() -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(count)
        for index in 0..<count { result.append((base + index).move()) }
        count = 0
        return result
    }

    /// The elements as an Array (copied).
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    private func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}
