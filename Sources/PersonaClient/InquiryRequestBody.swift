import Crypto
import ImportCore
import JSON

/// The JSON body of `POST /inquiries` for one draft, in kebab case, with its SHA-256.
///
/// Built once per row; every attempt of the row sends these exact bytes, as Persona's
/// idempotency requires (the same key with other parameters is refused).
public struct InquiryRequestBody: Sendable, Equatable {
    /// The JSON bytes.
    public let bytes: [UInt8]

    /// Encodes `draft` as Persona's JSON:API create body.
    public init(_ draft: InquiryDraft) {
        var json = JSONWriter(capacity: 256 + draft.fields.count * 48)
        json.raw("{\"data\":{\"attributes\":{")
        switch draft.template {
        case .inquiryTemplate(let id): json.raw("\"inquiry-template-id\":"); json.string(id)
        case .inquiryTemplateVersion(let id): json.raw("\"inquiry-template-version-id\":"); json.string(id)
        case .legacyTemplate(let id): json.raw("\"template-id\":"); json.string(id)
        }
        if let reference = draft.referenceID {
            json.raw(",\"reference-id\":")
            json.string(reference)
        }
        if let note = draft.note {
            json.raw(",\"note\":")
            json.string(note)
        }
        if !draft.tags.isEmpty {
            json.raw(",\"tags\":[")
            for (index, tag) in draft.tags.enumerated() {
                if index > 0 { json.raw(",") }
                json.string(tag)
            }
            json.raw("]")
        }
        if !draft.fields.isEmpty {
            json.raw(",\"fields\":{")
            for (index, field) in draft.fields.enumerated() {
                if index > 0 { json.raw(",") }
                json.string(field.key)
                json.raw(":")
                json.string(field.value)
            }
            json.raw("}")
        }
        json.raw("}}")
        if !draft.meta.isEmpty {
            json.raw(",\"meta\":{")
            for (index, entry) in draft.meta.enumerated() {
                if index > 0 { json.raw(",") }
                json.string(entry.key)
                json.raw(":")
                switch entry.value {
                case .string(let value): json.string(value)
                case .bool(let value): json.bool(value)
                case .integer(let value): json.integer(value)
                }
            }
            json.raw("}")
        }
        json.raw("}")
        bytes = json.bytes
    }

    /// SHA-256 of the bytes, in lower-case hex: recorded with the row's intent.
    public var sha256: String { SHA256.hash(data: bytes).hexString }
}
