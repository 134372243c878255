import Foundation

/// A blocking, bounded, multi-producer multi-consumer queue: the hand-off between stages.
///
/// Stages run on their own threads (Dispatch workers). A producer that gets ahead blocks in
/// `push` once `capacity` elements wait, so a slow consumer slows the reader instead of filling
/// memory. Stages hand off batches (arrays of records) to keep the locking off the per-row path.
public final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property is guarded by `condition`.
    private let condition = NSCondition()
    private var buffer: [Element] = []
    private var head = 0
    private var closed = false
    private var failure: (any Error)?
    /// The most elements that may wait in the queue.
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0, "a bounded queue needs room for at least one element")
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    private var waiting: Int { buffer.count - head }

    /// Adds an element, blocking while the queue is full. Returns false (and drops the
    /// element) when the queue was closed, so a producer stops when its consumer gave up.
    @discardableResult
    public func push(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while waiting >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        if head > 0 && head == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            head = 0
        }
        buffer.append(element)
        condition.broadcast()
        return true
    }

    /// Takes the next element, blocking while the queue is empty and open. Returns nil once
    /// the queue is closed and drained; rethrows the error it was closed with, if any.
    public func pop() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while waiting == 0 && !closed { condition.wait() }
        if waiting > 0 {
            let element = buffer[head]
            advance(by: 1)
            return element
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumes `count` waiting elements and wakes blocked producers. Call with the lock held.
    private func advance(by count: Int) {
        head += count
        if head == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= capacity {
            buffer.removeFirst(head)
            head = 0
        }
        condition.broadcast()
    }

    /// Takes up to `limit` elements at once: blocks while the queue is empty and open, then
    /// returns what waits (at least one). Nil once closed and drained; rethrows like `pop`.
    public func popBatch(limit: Int) throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while waiting == 0 && !closed { condition.wait() }
        if waiting > 0 {
            let batch = Array(buffer[head..<(head + min(limit, waiting))])
            advance(by: batch.count)
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Ends the stream: consumers drain what waits, then get nil (or `error`, if given).
    /// Producers blocked in `push` return false. Closing twice keeps the first error.
    public func close(throwing error: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        if !closed {
            closed = true
            failure = error
        }
        condition.broadcast()
    }
}
