import Foundation

extension JSONValue {
    /// Parses a JSON text strictly per RFC 8259: UTF-8 only, no comments, no trailing commas,
    /// no leading zeros, no lone surrogates, no control characters in strings, nothing but
    /// whitespace after the value. Duplicate object keys are rejected too (RFC 8259 leaves
    /// them undefined; for a schema, an instance or a request they always mean a mistake).
    ///
    /// Errors carry the 1-based line and column (in bytes) and never quote the content.
    public init(parsing data: some Collection<UInt8>) throws(JSONParseError) {
        self = try JSONValue(parsing: data, options: JSONParsingOptions())
    }

    /// Parses a JSON text as ``init(parsing:)-(Collection<UInt8>)`` does, with `options`
    /// (a depth limit, member names rewritten as they are read).
    ///
    /// Bytes held contiguously (an array, `Data`, a NIO `ByteBufferView`) are read in place.
    public init(parsing data: some Collection<UInt8>, options: JSONParsingOptions) throws(JSONParseError) {
        let parse = { (buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> in
            var parser = JSONParser(buffer, options: options)
            do throws(JSONParseError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        let result = data.withContiguousStorageIfAvailable(parse) ?? Array(data).withUnsafeBufferPointer(parse)
        self = try result.get()
    }

    /// Parses a JSON text held in `Data` (see ``init(parsing:)-(Collection<UInt8>)``).
    public init(parsing data: Data) throws(JSONParseError) {
        self = try JSONValue(parsing: data, options: JSONParsingOptions())
    }

    /// Parses a JSON text held in a `String`.
    public init(parsing text: String) throws(JSONParseError) {
        self = try JSONValue(parsing: text.utf8, options: JSONParsingOptions())
    }
}
