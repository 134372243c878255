/// The kind of file a reader parses.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Comma-separated (or `;`, tab, `|`) values with a header line (RFC 4180).
    case csv
    /// One record per element (libxml2 streaming reader).
    case xml

    /// The format an extension implies, with the delimiter it implies for CSV:
    /// `.csv` → CSV (delimiter from the options), `.tsv` → CSV with tab, `.txt` → CSV with the
    /// delimiter sniffed, `.xml` → XML; a
    /// trailing `.gz` is looked past.
    /// Matching ignores case. Nil for any other extension.
    static func inferred(fromPath path: String) -> (format: InputFormat, delimiter: CSVDelimiter?)? {
        // `customers.csv.gz`: the compression is found by the content; the name before it says the format.
        if path.lowercased().hasSuffix(".gz") { return inferred(fromPath: String(path.dropLast(3))) }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "csv": return (.csv, nil)
        case "tsv", "tab": return (.csv, .tab)
        // Excel's "Unicode Text" (UTF-16 with tabs) and other text exports: the delimiter is sniffed.
        case "txt": return (.csv, .auto)
        case "xml": return (.xml, nil)
        default: return nil
        }
    }
}

/// The field delimiter of a CSV file.
public enum CSVDelimiter: Sendable, Hashable, CustomStringConvertible {
    /// A single ASCII byte: `,`, `;`, tab, `|`, ...
    case character(UInt8)
    /// Sniffed from the header line: the most frequent of `,` `;` tab `|` outside quotes
    /// (ties go in that order; `,` when none occurs).
    case auto

    /// `,`, the default.
    public static let comma = CSVDelimiter.character(UInt8(ascii: ","))
    /// `;`, common in European exports.
    public static let semicolon = CSVDelimiter.character(UInt8(ascii: ";"))
    /// Tab, for `.tsv` files.
    public static let tab = CSVDelimiter.character(UInt8(ascii: "\t"))
    /// `|`.
    public static let pipe = CSVDelimiter.character(UInt8(ascii: "|"))

    /// Parses an option value: `,` `;` `|` `tab` (or `\t` or a tab character) `auto`,
    /// and the names `comma` `semicolon` `pipe`. Nil for anything else.
    public init?(option: String) {
        switch option {
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "\t", "\\t", "tab", "TAB": self = .tab
        case "|", "pipe": self = .pipe
        case "auto": self = .auto
        default: return nil
        }
    }

    /// The option spelling: `,` `;` `|` `tab` `auto`.
    public var description: String {
        switch self {
        case .auto: "auto"
        case .character(UInt8(ascii: "\t")): "tab"
        case .character(let byte): String(decoding: [byte], as: UTF8.self)
        }
    }
}

/// How to read an input file.
public struct ReaderOptions: Sendable {
    /// The format; nil infers it from the file's extension (`.csv`, `.tsv`, `.xml`).
    public var format: InputFormat?
    /// The CSV delimiter (ignored for XML). A `.tsv` extension implies tab unless this is set
    /// to something other than the default comma.
    public var delimiter: CSVDelimiter
    /// XML only: the local name of the record elements, matched at any depth. Nil takes every
    /// child element of the document's root.
    public var recordElement: String?
    /// The largest field accepted, in bytes. A larger field rejects its record (a row error)
    /// and is skipped without being stored.
    public var maxFieldBytes: Int
    /// The text's encoding, any name the system's iconv knows; nil reads UTF-8 (or UTF-16 by
    /// its byte-order mark). Whatever it is, readers hand on UTF-8.
    public var encoding: String?

    /// 1 MiB, the default `maxFieldBytes`.
    public static let defaultMaxFieldBytes = 1 << 20

    /// Creates options; every parameter has the usual default.
    public init(
        format: InputFormat? = nil,
        delimiter: CSVDelimiter = .comma,
        recordElement: String? = nil,
        maxFieldBytes: Int = ReaderOptions.defaultMaxFieldBytes,
        encoding: String? = nil
    ) {
        self.encoding = encoding
        self.format = format
        self.delimiter = delimiter
        self.recordElement = recordElement
        self.maxFieldBytes = max(1, maxFieldBytes)
    }
}
