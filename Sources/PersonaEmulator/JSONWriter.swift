import NIOCore

/// Writes JSON straight into a `ByteBuffer`; much cheaper than `JSONEncoder` on the hot path.
struct JSONWriter {
    var buffer: ByteBuffer

    init(capacity: Int = 2048) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Writes JSON text as is (punctuation, pre-quoted keys).
    mutating func raw(_ text: StaticString) { buffer.writeStaticString(text) }

    /// Writes already-valid JSON text, e.g. a pre-quoted key.
    mutating func raw(_ text: String) { buffer.writeString(text) }

    /// Writes `"key":` for a key that needs no escaping or conversion.
    mutating func key(_ text: String) {
        string(text)
        buffer.writeInteger(UInt8(ascii: ":"))
    }

    /// Writes a quoted, escaped string.
    mutating func string(_ text: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        if Self.needsEscaping(text) {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                case 0x09: buffer.writeStaticString("\\t")
                case 0..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(hex[Int(byte >> 4)])
                    buffer.writeInteger(hex[Int(byte & 0xF)])
                default: buffer.writeInteger(byte)
                }
            }
        } else {
            buffer.writeString(text)
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    /// Writes a quoted string or `null`.
    mutating func optionalString(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    /// Writes an integer.
    mutating func integer(_ value: Int) { buffer.writeString(String(value)) }

    private static func needsEscaping(_ text: String) -> Bool {
        let scan = text.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return true
            }
            return false
        }
        return scan ?? text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }
}
