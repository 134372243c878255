import Foundation
import ImportCore
import InputReaders

/// The readers on a file holding the input: every event they return keeps its promises.
enum ReaderFuzzing {
    /// Small enough that fuzzed inputs meet the limit.
    static let maxFieldBytes = 64

    static func csv(_ input: [UInt8]) throws(FuzzViolation) {
        // The first byte picks the delimiter, so that tab and semicolon files are fuzzed too, and
        // `#` reads the input as Windows-1252. Gzip and UTF-16 are found by their first bytes.
        let delimiter: CSVDelimiter = switch input.first {
        case UInt8(ascii: "\t"): .character(UInt8(ascii: "\t"))
        case UInt8(ascii: ";"): .character(UInt8(ascii: ";"))
        default: .comma
        }
        let encoding = input.first == UInt8(ascii: "#") ? "windows-1252" : nil
        try read(
            input, extension: "csv",
            options: ReaderOptions(format: .csv, delimiter: delimiter, maxFieldBytes: maxFieldBytes, encoding: encoding))
    }

    static func xml(_ input: [UInt8]) throws(FuzzViolation) {
        try read(input, extension: "xml", options: ReaderOptions(format: .xml, maxFieldBytes: maxFieldBytes))
        try read(input, extension: "xml", options: ReaderOptions(format: .xml, recordElement: "customer", maxFieldBytes: maxFieldBytes))
    }

    /// Reads the input to its end or its file-level error, checking each event.
    private static func read(_ input: [UInt8], extension: String, options: ReaderOptions) throws(FuzzViolation) {
        let file = ScratchFile.path(extension: `extension`)
        guard FileManager.default.createFile(atPath: file, contents: Data(input)) else {
            throw FuzzViolation("cannot write the scratch file \(file)")
        }
        defer { unlink(file) }
        let text = seenText(input, file: file, options: options)
        let reader: any RecordReader
        do {
            reader = try makeRecordReader(path: file, options: options)
        } catch {
            try check(error, file: file, input: text)
            return
        }
        // Each event consumes at least one byte of the text the reader sees (inflated, in
        // UTF-8), so more events than bytes (plus the end) means it is going round in circles.
        var events = 0
        let lines = lineCount(text)
        var lastLine = 0
        var lastNumber = 0
        while true {
            let next: ReadEvent?
            do {
                next = try reader.next()
            } catch {
                return try check(error, file: file, input: text)
            }
            guard let event = next else { return }
            events += 1
            try require(events <= text.count + 1, "more events than input bytes: \(events)")
            try require(event.line >= max(1, lastLine), "line \(event.line) after line \(lastLine)")
            try require(event.line <= lines, "line \(event.line) of an input of \(lines) lines")
            lastLine = event.line
            switch event {
            case .record(let record):
                try require(record.number > lastNumber, "record \(record.number) after record \(lastNumber)")
                lastNumber = record.number
                try require(record.values.count == record.names.count,
                            "line \(record.line): \(record.values.count) values for \(record.names.count) names")
                for value in record.values {
                    try require(value.utf8.count <= maxFieldBytes, "line \(record.line): a value of \(value.utf8.count) bytes passed the limit")
                }
            case .rowError(let error):
                try require(error.number > lastNumber, "record \(error.number) after record \(lastNumber)")
                lastNumber = error.number
                try require(!error.reasons.isEmpty, "line \(error.line): a row error without a reason")
            }
        }
    }

    /// The text the reader sees: the input inflated and decoded as far as that goes (a gzip
    /// or encoding error ends it early, as it ends the reader), else the input as it is.
    private static func seenText(_ input: [UInt8], file: String, options: ReaderOptions) -> [UInt8] {
        var text: [UInt8] = []
        do {
            _ = try readInputText(path: file, options: options) { text.append(contentsOf: $0) }
        } catch {
            return text.isEmpty ? input : text
        }
        return text
    }

    /// A file-level error names the file and a line the input has (0: the whole file).
    private static func check(_ error: InputError, file: String, input: [UInt8]) throws(FuzzViolation) {
        try require(error.location.file == file, "an error that names \(error.location.file), not the file: \(error)")
        let lines = lineCount(input)
        try require((0...lines).contains(error.location.line), "an error on line \(error.location.line) of \(lines): \(error)")
    }
}

/// The most lines the input can have: a line end is LF, CRLF or (CSV) a lone CR.
private func lineCount(_ input: [UInt8]) -> Int {
    var lines = 1
    for (index, byte) in input.enumerated() {
        if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && input.dropFirst(index + 1).first != UInt8(ascii: "\n")) {
            lines += 1
        }
    }
    return lines
}

/// A scratch file per process for the readers, which read paths: in memory (`/dev/shm`) when
/// there is one.
enum ScratchFile {
    static func path(extension: String) -> String {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (folder as NSString).appendingPathComponent("persona-fuzz-\(getpid()).\(`extension`)")
    }
}
