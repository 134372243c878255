import ImportCore

/// A pull-based, single-threaded reader of one input file.
///
/// Call `next()` until it returns nil (end of input) or throws (a file-level error; the events
/// returned before it are valid). A reader is used from one thread at a time; hand its events
/// to other threads with `readBatches(of:_:)`, `pump(into:batchSize:)` or
/// `startReading(path:options:into:batchSize:)`.
public protocol RecordReader: AnyObject {
    /// The input's name for diagnostics: the path as given, or `<stdin>`.
    var fileName: String { get }
    /// The next record or row error; nil at the end of the input.
    func next() throws(InputError) -> ReadEvent?
}

/// Opens `path` (`-` for standard input) with the reader its format calls for.
///
/// The format comes from `options.format`, else from the extension (`.csv`, `.tsv` with a tab
/// delimiter, `.xml`); anything else, and standard input without a format, is an error that
/// says to pass `--format`.
///
/// `displayName` names the input in messages when `path` is a copy of it (`-` for standard
/// input spooled to a file).
public func makeRecordReader(path: String, options: ReaderOptions, displayName shown: String? = nil) throws(InputError)
    -> any RecordReader
{
    let inferred = InputFormat.inferred(fromPath: shown ?? path)
    let displayName = (shown ?? path) == "-" ? InputFile.stdinName : (shown ?? path)
    guard let format = options.format ?? inferred?.format else {
        throw InputError.unknownFormat(displayName)
    }
    switch format {
    case .csv:
        var delimiter = options.delimiter
        // `.tsv` implies tab unless the caller chose a delimiter other than the default.
        if let implied = inferred?.delimiter, delimiter == .comma { delimiter = implied }
        if case .character(let byte) = delimiter,
            byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == 0 || byte >= 0x80
        {
            throw InputError.badDelimiter(displayName, delimiter)
        }
        return try CSVRecordReader(
            input: InputFile(path: path, encoding: options.encoding, displayName: displayName), delimiter: delimiter, maxFieldBytes: options.maxFieldBytes)
    case .xml:
        return try XMLRecordReader(
            input: InputFile(path: path, encoding: options.encoding, displayName: displayName), recordElement: options.recordElement,
            maxFieldBytes: options.maxFieldBytes)
    }
}
