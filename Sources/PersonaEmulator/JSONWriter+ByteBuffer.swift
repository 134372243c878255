import JSON
import NIOCore

extension JSONWriter {
    /// The text written so far, as a response body.
    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }
}
