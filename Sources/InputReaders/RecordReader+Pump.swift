import Foundation
import ImportCore

extension RecordReader {
    /// Reads to the end on the calling thread, handing the events to `deliver` in batches of
    /// `batchSize` (the last one shorter), in input order.
    ///
    /// The one batching loop of the read stage: ``pump(into:batchSize:)`` and the pipeline's
    /// read stage (which numbers its batches) both drain a reader through it.
    ///
    /// - Returns: true at the end of the input; false as soon as `deliver` returns false (the
    ///   consumer is gone: nothing more is read).
    /// - Throws: the `InputError` that stopped reading, after delivering the events read
    ///   before it.
    public func readBatches(of batchSize: Int, _ deliver: ([ReadEvent]) -> Bool) throws(InputError) -> Bool {
        let size = max(1, batchSize)
        var batch: [ReadEvent] = []
        batch.reserveCapacity(size)
        do {
            while let event = try next() {
                batch.append(event)
                if batch.count == size {
                    guard deliver(batch) else { return false }
                    batch.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            if !batch.isEmpty { _ = deliver(batch) }
            throw error
        }
        return batch.isEmpty || deliver(batch)
    }

    /// Drains this reader on the calling thread into `queue`, `batchSize` events per element.
    ///
    /// Closes the queue at the end: normally, or with the `InputError` that stopped reading
    /// (after pushing the events read before it). Returns early, without closing, when the
    /// consumer closed the queue first.
    public func pump(into queue: BoundedQueue<[ReadEvent]>, batchSize: Int = 512) {
        do {
            guard try readBatches(of: batchSize, { queue.push($0) }) else { return }
            queue.close()
        } catch {
            queue.close(throwing: error)
        }
    }
}

/// Opens `path` and reads it on a new thread, pushing batches of events into `queue` and
/// closing it at the end (with the `InputError` that stopped reading, if any).
///
/// Opening happens on the calling thread, so a missing file or unknown format throws here.
/// Returns the thread that reads (already started).
@discardableResult
public func startReading(
    path: String, options: ReaderOptions, into queue: BoundedQueue<[ReadEvent]>, batchSize: Int = 512
) throws(InputError) -> Thread {
    let handoff = ReaderHandoff(try makeRecordReader(path: path, options: options))
    let thread = Thread {
        Thread.current.name = "persona-import.read"
        handoff.reader.pump(into: queue, batchSize: batchSize)
    }
    thread.stackSize = 4 << 20
    thread.start()
    return thread
}

/// Moves a reader to the thread that drains it.
private final class ReaderHandoff: @unchecked Sendable {
    // @unchecked: the creating thread gives the reader up on hand-off; only the reading
    // thread touches it afterwards.
    let reader: any RecordReader
    init(_ reader: any RecordReader) { self.reader = reader }
}
