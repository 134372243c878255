import ImportCommands
import ArgumentParser
import InputReaders

/// How to read the input file: shared by every command that reads one.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The customer export to read (validate also reads - as standard input; run needs a file).", valueName: "input"))
    var input: String

    @Option(help: "Input format: csv or xml. Default: from the file extension (.csv, .tsv, .xml).")
    var format: InputFormat?

    @Option(help: "CSV field delimiter: ',' ';' '|' 'tab', or 'auto' to detect it from the header line.")
    var delimiter: String = ","

    @Option(help: "XML: the local name of the element that holds one record. Default: each child of the root.")
    var recordElement: String?

    @Option(help: "The largest field accepted, in bytes; a row with a larger field is rejected.")
    var maxFieldBytes: Int = ReaderOptions.defaultMaxFieldBytes

    @Option(help: "The text's encoding: utf-8 (the default; UTF-16 is found by its byte-order mark), windows-1252, iso-8859-15, utf-16le, or any name of `iconv -l`. The rejects file is written in UTF-8.")
    var encoding: String?

    func validate() throws {
        guard CSVDelimiter(option: delimiter) != nil else {
            throw ValidationError("--delimiter must be one of ',' ';' '|' 'tab' 'auto' (got '\(delimiter)').")
        }
        guard maxFieldBytes > 0 else {
            throw ValidationError("--max-field-bytes must be a positive number of bytes.")
        }
        if let encoding, !InputEncoding.isKnown(encoding) {
            throw ValidationError("--encoding: '\(encoding)' is not known to this system's iconv; try windows-1252, iso-8859-15, utf-16le (iconv -l lists them).")
        }
        if recordElement?.isEmpty == true {
            throw ValidationError("--record-element needs an element name.")
        }
    }

    var readerOptions: ReaderOptions {
        ReaderOptions(
            format: format,
            delimiter: CSVDelimiter(option: delimiter) ?? .comma,
            recordElement: recordElement,
            maxFieldBytes: maxFieldBytes,
            encoding: encoding
        )
    }
}

extension InputFormat: ExpressibleByArgument {}
