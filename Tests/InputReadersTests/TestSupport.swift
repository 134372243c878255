import Foundation
import ImportCore
import InputReaders
import Testing

/// A fresh temporary directory per test, removed by `cleanUp()`.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("InputReadersTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` and returns the path.
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Everything a reader produced: the events, and the file error that ended it (if any).
struct ReadOutcome {
    var events: [ReadEvent] = []
    var error: InputError?

    var records: [Record] {
        events.compactMap { if case .record(let record) = $0 { record } else { nil } }
    }
    var rowErrors: [RowError] {
        events.compactMap { if case .rowError(let error) = $0 { error } else { nil } }
    }
    /// Each record as name → value.
    var dictionaries: [[String: String]] {
        records.map { Dictionary(Array($0.fields), uniquingKeysWith: { first, _ in first }) }
    }
}

/// Reads `path` to the end, keeping the events and the file error.
func readAll(_ path: String, _ options: ReaderOptions = ReaderOptions()) -> ReadOutcome {
    var outcome = ReadOutcome()
    do {
        let reader = try makeRecordReader(path: path, options: options)
        while let event = try reader.next() { outcome.events.append(event) }
    } catch {
        outcome.error = error
    }
    return outcome
}

/// Writes `text` to a temp file named `name` and reads it.
func read(_ text: String, name: String = "input.csv", _ options: ReaderOptions = ReaderOptions()) throws
    -> ReadOutcome
{
    try read(bytes: Array(text.utf8), name: name, options)
}

func read(bytes: [UInt8], name: String = "input.csv", _ options: ReaderOptions = ReaderOptions()) throws
    -> ReadOutcome
{
    let dir = try TempDir()
    defer { dir.cleanUp() }
    return readAll(try dir.write(name, bytes: bytes), options)
}

/// The nearest `shared/conformance` directory above this file, or nil.
func conformanceDirectory(filePath: String = #filePath) -> URL? {
    var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while directory.path != "/" {
        let candidate = directory.appendingPathComponent("shared/conformance")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        directory.deleteLastPathComponent()
    }
    return nil
}
