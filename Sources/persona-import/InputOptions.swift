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

    func validate() throws {
        guard CSVDelimiter(option: delimiter) != nil else {
            throw ValidationError("--delimiter must be one of ',' ';' '|' 'tab' 'auto' (got '\(delimiter)').")
        }
        guard maxFieldBytes > 0 else {
            throw ValidationError("--max-field-bytes must be a positive number of bytes.")
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
            maxFieldBytes: maxFieldBytes
        )
    }
}

extension InputFormat: ExpressibleByArgument {}
