import Foundation
import ImportCore
import ImportProtocol
import ImportReporting
import InputReaders
import Locking
import RecordMapping

/// The read and map/validate stages running together: a reader thread and `workers` mapping
/// threads joined by bounded queues. One consumer takes the results in input order with
/// ``next()``; ``stop()`` ends both stages promptly (the reader stops at its next batch).
///
/// Errors that stop the stages (a file-level input error, a mapping setup error) are thrown
/// by ``next()`` after every batch read before them.
final class MapStages: @unchecked Sendable {
    // @unchecked: `order` and `ready` are used only by the one consumer thread; the rest is
    // immutable or thread-safe.
    private let readQueue: BoundedQueue<ReadBatch>
    private let mappedQueue: BoundedQueue<MappedBatch>
    private let stages = DispatchGroup()
    private var order = ReorderBuffer<MappedBatch>()
    private var ready: [MappedBatch] = []

    /// Starts the threads.
    ///
    /// - Parameter keepValid: hand valid records (and their source records) on; false counts
    ///   them on the worker that made them (a dry run of `validate`).
    init(reader: any RecordReader, mapping: MappingConfiguration, workers: Int, batchSize: Int, keepValid: Bool) {
        readQueue = BoundedQueue(capacity: 4 * workers)
        mappedQueue = BoundedQueue(capacity: 4 * workers)
        let readQueue = readQueue, mappedQueue = mappedQueue
        let handOver = ReaderHandOver(reader)
        DispatchQueue(label: "persona-import.read").async(group: stages) {
            readStage(reader: handOver.reader, batchSize: batchSize, into: readQueue)
        }
        // XML records may leave out optional elements; a CSV header lacking a mapped column is a
        // mistake in the mapping file.
        let mapper = RecordMapper(configuration: mapping, missingColumns: reader is XMLRecordReader ? .absent : .setupError)
        let firstMapFailure = Locked<(any Error)?>(nil)
        let mappers = DispatchGroup()
        for index in 0..<workers {
            DispatchQueue(label: "persona-import.map.\(index)").async(group: mappers) {
                do {
                    try mapStage(mapper: mapper, keepValid: keepValid, from: readQueue, into: mappedQueue)
                } catch {
                    firstMapFailure.withLock { if $0 == nil { $0 = error } }
                    readQueue.close(throwing: error)
                }
            }
        }
        // Close the output only when every mapper is done, so no finished batch is dropped.
        stages.enter()
        mappers.notify(queue: DispatchQueue(label: "persona-import.map.done")) { [stages] in
            mappedQueue.close(throwing: firstMapFailure.withLock { $0 })
            stages.leave()
        }
    }

    /// The next batch in input order, nil at the end.
    func next() throws -> MappedBatch? {
        while ready.isEmpty {
            guard let batch = try mappedQueue.pop() else { return nil }
            ready = order.accept(batch, sequence: batch.sequence).reversed()
        }
        return ready.popLast()
    }

    /// Ends both stages: the reader and mappers stop at their next hand-off.
    func stop(throwing error: (any Error)? = nil) {
        readQueue.close(throwing: error)
        mappedQueue.close(throwing: error)
    }

    /// Waits for every thread to finish (after the end, or after ``stop(throwing:)``).
    func wait() {
        stages.wait()
    }
}

/// Pulls events from the reader and hands them on in numbered batches. Records read before a
/// file-level error still go through: the queue drains, then fails.
private func readStage(reader: any RecordReader, batchSize: Int, into queue: BoundedQueue<ReadBatch>) {
    var sequence = 0
    do {
        guard try reader.readBatches(of: batchSize, { events in
            defer { sequence += 1 }
            return queue.push(ReadBatch(sequence: sequence, events: events))
        }) else { return }
        queue.close()
    } catch {
        queue.close(throwing: error)
    }
}

/// Maps and validates batches until the read queue ends, with a mapper worker of its own.
///
/// Each new record shape is checked once (`prepare(for:)`); a shape the mapping cannot apply
/// to (a mapped column the header lacks) stops the run: it is a configuration error, not a
/// problem of one row.
private func mapStage(
    mapper: RecordMapper, keepValid: Bool, from input: BoundedQueue<ReadBatch>, into output: BoundedQueue<MappedBatch>
) throws {
    let worker = mapper.makeWorker()
    var preparedShape: FieldNames?
    while let batch = try input.pop() {
        var mapped = MappedBatch(sequence: batch.sequence, records: batch.events.count)
        if keepValid {
            mapped.valid.reserveCapacity(batch.events.count)
            mapped.sources.reserveCapacity(batch.events.count)
        }
        for event in batch.events {
            switch event {
            case .rowError(let error):
                mapped.rejected.append(error)
            case .record(let record):
                if record.names !== preparedShape {
                    try mapper.prepare(for: record.names)
                    preparedShape = record.names
                }
                switch worker.map(record) {
                case .valid(let valid):
                    mapped.validCount += 1
                    if keepValid {
                        mapped.valid.append(valid)
                        mapped.sources.append(record)
                    }
                case .rejected(let error): mapped.rejected.append(error)
                }
            }
        }
        guard output.push(mapped) else { return }
    }
}

/// Moves a reader to the thread that reads it.
private struct ReaderHandOver: @unchecked Sendable {
    // @unchecked: the reader is created on the caller's thread and from then on used only by
    // the read stage's thread.
    let reader: any RecordReader
    init(_ reader: any RecordReader) { self.reader = reader }
}
