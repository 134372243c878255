import Dispatch
import Foundation
import ImportCore

// Blocking work runs on queues of its own (they get a thread each), never on the global
// concurrent queues, whose few threads a blocked producer would hold.
import Testing

@Suite struct BoundedQueueTests {
    @Test func deliversEverythingInOrderThenNil() throws {
        let queue = BoundedQueue<Int>(capacity: 3)
        DispatchQueue(label: "test.producer").async {
            for value in 0..<1_000 { queue.push(value) }
            queue.close()
        }
        var received: [Int] = []
        while let value = try queue.pop() { received.append(value) }
        #expect(received == Array(0..<1_000))
    }

    @Test func aProducerBlocksWhileTheQueueIsFull() throws {
        let queue = BoundedQueue<Int>(capacity: 2)
        let pushed = Counter()
        DispatchQueue(label: "test.producer").async {
            for value in 0..<5 {
                queue.push(value)
                pushed.increment()
            }
        }
        // Wait (without a deadline that a loaded machine could miss) until the queue is full;
        // then the producer must stay blocked at the capacity.
        #expect(waitUntil { pushed.value == 2 })
        Thread.sleep(forTimeInterval: 0.1)
        #expect(pushed.value == 2)
        #expect(try queue.pop() == 0)
        #expect(waitUntil { pushed.value == 3 }, "taking one element lets the producer go on")
        queue.close()
    }

    @Test func closingWithAnErrorDrainsFirstThenThrows() throws {
        struct Boom: Error {}
        let queue = BoundedQueue<String>(capacity: 4)
        queue.push("a")
        queue.push("b")
        queue.close(throwing: Boom())
        #expect(try queue.pop() == "a")
        #expect(try queue.pop() == "b")
        #expect(throws: Boom.self) { try queue.pop() }
        #expect(queue.push("c") == false, "a closed queue refuses new elements")
    }

    @Test func manyProducersAndConsumersLoseNothing() throws {
        let queue = BoundedQueue<Int>(capacity: 8)
        let producers = DispatchGroup()
        for producer in 0..<4 {
            DispatchQueue(label: "test.producer.\(producer)").async(group: producers) {
                for value in 0..<2_500 { queue.push(producer * 10_000 + value) }
            }
        }
        DispatchQueue(label: "test.producer").async {
            producers.wait()
            queue.close()
        }
        let results = Collector()
        let consumers = DispatchGroup()
        for consumer in 0..<3 {
            DispatchQueue(label: "test.consumer.\(consumer)").async(group: consumers) {
                while let value = try? queue.pop() { results.append(value) }
            }
        }
        consumers.wait()
        let values = results.values
        #expect(values.count == 10_000)
        #expect(Set(values).count == 10_000)
    }
}

/// Polls `condition` for up to 10 s.
private func waitUntil(_ condition: () -> Bool) -> Bool {
    for _ in 0..<10_000 {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.001)
    }
    return condition()
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

private final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int] = []
    func append(_ value: Int) { lock.withLock { stored.append(value) } }
    var values: [Int] { lock.withLock { stored } }
}
