import JSON
import NIOCore
import PersonaWire

/// Writes inquiries as Persona does, by hand for speed: keys in the requested inflection
/// (pre-computed for the fixed keys), attributes matching the blocklist left out.
struct InquiryEncoder: Sendable {
    /// Prefill fields that Persona also repeats as top-level attributes.
    static let standardFieldNames = [
        "name-first", "name-middle", "name-last", "birthdate", "address-street-1", "address-street-2",
        "address-city", "address-subdivision", "address-postal-code", "identification-number",
        "email-address", "phone-number",
    ]

    private enum Source: Sendable {
        case status, referenceID, note, tags, creator, createdAt, expiresAt, nextStepName, null, fields
        case standard(Int)
    }

    private struct Slot: Sendable {
        /// `"key":` for camel, kebab, snake.
        var quoted: [String]
        var source: Source
    }

    /// Quoted keys outside `attributes` for one inflection.
    private struct FixedKeys: Sendable {
        var relationships: String
        var inquiryTemplate: String
        var inquiryTemplateVersion: String

        init(_ inflection: KeyInflection) {
            relationships = "\"relationships\":"
            inquiryTemplate = "\"" + inflection.convert("inquiry-template") + "\":"
            inquiryTemplateVersion = "\"" + inflection.convert("inquiry-template-version") + "\":"
        }
    }

    private let slots: [Slot]
    private let fixed: [FixedKeys]
    private let blocklist: [Glob]

    init(blocklist patterns: [String]) {
        let globs = patterns.map(Glob.init)
        blocklist = globs
        let layout: [(String, Source)] = [
            ("status", .status), ("reference-id", .referenceID), ("note", .note), ("tags", .tags),
            ("creator", .creator), ("reviewer-comment", .null), ("updated-at", .createdAt),
            ("created-at", .createdAt), ("started-at", .null), ("expires-at", .expiresAt),
            ("completed-at", .null), ("failed-at", .null), ("marked-for-review-at", .null),
            ("decisioned-at", .null), ("expired-at", .null), ("redacted-at", .null),
            ("previous-step-name", .null), ("next-step-name", .nextStepName),
        ] + Self.standardFieldNames.enumerated().map { ($0.element, Source.standard($0.offset)) }
            + [("fields", .fields)]
        slots = layout.compactMap { name, source in
            if globs.contains(where: { $0.matches(name) }) { return nil }
            return Slot(quoted: Self.order.map { "\"" + $0.convert(name) + "\":" }, source: source)
        }
        fixed = Self.order.map(FixedKeys.init)
    }

    private static let order: [KeyInflection] = [.camel, .kebab, .snake]

    private static func slot(_ inflection: KeyInflection) -> Int {
        switch inflection {
        case .camel: return 0
        case .kebab: return 1
        case .snake: return 2
        }
    }

    /// `{"data": inquiry}`.
    func document(_ inquiry: StoredInquiry, inflection: KeyInflection) -> ByteBuffer {
        var writer = JSONWriter(capacity: 2048)
        writer.raw("{\"data\":")
        write(inquiry, inflection: inflection, into: &writer)
        writer.raw("}")
        return writer.buffer
    }

    /// Writes one inquiry object.
    func write(_ inquiry: StoredInquiry, inflection: KeyInflection, into writer: inout JSONWriter) {
        let column = Self.slot(inflection)
        writer.raw("{\"type\":\"inquiry\",\"id\":")
        writer.string(inquiry.id)
        writer.raw(",\"attributes\":{")
        var first = true
        for slot in slots {
            if first { first = false } else { writer.raw(",") }
            writer.raw(slot.quoted[column])
            switch slot.source {
            case .status: writer.string(inquiry.status)
            case .referenceID: writer.optionalString(inquiry.command.referenceID)
            case .note: writer.optionalString(inquiry.command.note)
            case .tags:
                writer.raw("[")
                for (index, tag) in inquiry.command.tags.enumerated() {
                    if index > 0 { writer.raw(",") }
                    writer.string(tag)
                }
                writer.raw("]")
            case .creator: writer.raw("\"API\"")
            case .createdAt: writer.string(inquiry.createdAtText)
            case .expiresAt: writer.string(inquiry.expiresAtText)
            case .nextStepName: writer.raw("\"start\"")
            case .null: writer.raw("null")
            case .standard(let index): writer.optionalString(inquiry.standardValues[index])
            case .fields: writeFields(inquiry.command.fields, inflection: inflection, into: &writer)
            }
        }
        let keys = fixed[column]
        writer.raw("},")
        writer.raw(keys.relationships)
        writer.raw("{\"account\":{\"data\":")
        if let account = inquiry.accountID {
            writer.raw("{\"type\":\"account\",\"id\":")
            writer.string(account)
            writer.raw("}")
        } else {
            writer.raw("null")
        }
        writer.raw("},\"template\":{\"data\":")
        writeIdentifier(inquiry, .legacyTemplate, type: "template", into: &writer)
        writer.raw("},")
        writer.raw(keys.inquiryTemplate)
        writer.raw("{\"data\":")
        writeIdentifier(inquiry, .inquiryTemplate, type: "inquiry-template", into: &writer)
        writer.raw("},")
        writer.raw(keys.inquiryTemplateVersion)
        writer.raw("{\"data\":")
        writeIdentifier(inquiry, .inquiryTemplateVersion, type: "inquiry-template-version", into: &writer)
        writer.raw("}}}")
    }

    private func writeIdentifier(
        _ inquiry: StoredInquiry, _ kind: TemplateKind, type: StaticString, into writer: inout JSONWriter
    ) {
        guard inquiry.command.templateKind == kind else {
            writer.raw("null")
            return
        }
        writer.raw("{\"type\":\"")
        writer.raw(type)
        writer.raw("\",\"id\":")
        writer.string(inquiry.command.templateID)
        writer.raw("}")
    }

    private func writeFields(
        _ fields: [(key: String, value: String?)], inflection: KeyInflection, into writer: inout JSONWriter
    ) {
        writer.raw("{")
        var first = true
        for field in fields {
            if !blocklist.isEmpty, blocklist.contains(where: { $0.matches(field.key) }) { continue }
            if first { first = false } else { writer.raw(",") }
            writer.key(inflection == .kebab ? field.key : inflection.convert(field.key))
            writer.raw(field.key == "birthdate" ? "{\"type\":\"date\",\"value\":" : "{\"type\":\"string\",\"value\":")
            writer.optionalString(field.value)
            writer.raw("}")
        }
        writer.raw("}")
    }
}
