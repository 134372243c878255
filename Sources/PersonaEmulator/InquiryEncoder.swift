import Foundation
import JSON
import NIOCore
import PersonaWire

/// What a document carries besides the inquiry.
enum DocumentMeta: Sendable {
    /// No `meta` (get, list, simulate).
    case none
    /// A create's `meta`: session token and one-time link, each null unless asked for.
    case created(CreateMetaAnswer)
    /// `generate-one-time-link`'s `meta`.
    case link(IssuedLink)
}

/// Writes inquiries as Persona does, by hand for speed: keys in the requested inflection
/// (pre-computed for the fixed keys), in the shape of the request's API version, attributes
/// matching the blocklist left out.
struct InquiryEncoder: Sendable {
    /// Prefill fields that versions before 2025-10-27 also repeat as top-level attributes.
    static let standardFieldNames = [
        "name-first", "name-middle", "name-last", "birthdate", "address-street-1", "address-street-2",
        "address-city", "address-subdivision", "address-postal-code", "identification-number",
        "email-address", "phone-number",
    ]
    private static let standardIndex = Dictionary(uniqueKeysWithValues: standardFieldNames.enumerated().map { ($1, $0) })

    private enum Source: Sendable {
        case status, referenceID, note, behaviors, tags, creator, createdAt, updatedAt, expiresAt
        case startedAt, completedAt, failedAt, markedForReviewAt, decisionedAt, expiredAt
        case previousStepName, nextStepName, null, fields
        case standard(Int)
    }

    private struct Slot: Sendable {
        /// `"key":` for camel, kebab, snake.
        var quoted: [String]
        var source: Source
    }

    /// Quoted keys outside `attributes` for one inflection.
    private struct FixedKeys: Sendable {
        var inquiryTemplate: String
        var inquiryTemplateVersion: String
        var sessionToken: String
        var oneTimeLink: String
        var oneTimeLinkShort: String

        init(_ inflection: KeyInflection) {
            func quoted(_ key: String) -> String { "\"" + inflection.convert(key) + "\":" }
            inquiryTemplate = quoted("inquiry-template")
            inquiryTemplateVersion = quoted("inquiry-template-version")
            sessionToken = quoted("session-token")
            oneTimeLink = quoted("one-time-link")
            oneTimeLinkShort = quoted("one-time-link-short")
        }
    }

    /// Attribute slots by ``ResponseShape`` raw value.
    private let slots: [[Slot]]
    private let fixed: [FixedKeys]
    private let blocklist: [Glob]

    init(blocklist patterns: [String]) {
        let globs = patterns.map(Glob.init)
        blocklist = globs
        let common: [(String, Source)] = [
            ("status", .status), ("reference-id", .referenceID), ("note", .note), ("behaviors", .behaviors),
            ("tags", .tags), ("creator", .creator), ("reviewer-comment", .null), ("created-at", .createdAt),
            ("updated-at", .updatedAt), ("started-at", .startedAt), ("expires-at", .expiresAt),
            ("completed-at", .completedAt), ("failed-at", .failedAt), ("marked-for-review-at", .markedForReviewAt),
            ("decisioned-at", .decisionedAt), ("expired-at", .expiredAt), ("redacted-at", .null),
            ("previous-step-name", .previousStepName), ("next-step-name", .nextStepName), ("fields", .fields),
        ]
        let legacy = common + Self.standardFieldNames.enumerated().map { ($0.element, Source.standard($0.offset)) }
        func build(_ layout: [(String, Source)]) -> [Slot] {
            layout.compactMap { name, source in
                if globs.contains(where: { $0.matches(name) }) { return nil }
                return Slot(quoted: Self.order.map { "\"" + $0.convert(name) + "\":" }, source: source)
            }
        }
        slots = [build(legacy), build(common)]
        fixed = Self.order.map(FixedKeys.init)
    }

    private static let order: [KeyInflection] = [.camel, .kebab, .snake]

    private static func column(_ inflection: KeyInflection) -> Int {
        switch inflection {
        case .camel: return 0
        case .kebab: return 1
        case .snake: return 2
        }
    }

    /// `{"data": inquiry}`, with `included` (always empty: the emulator keeps no related
    /// objects) and `meta` as asked.
    func document(
        _ inquiry: InquiryView, inflection: KeyInflection, shape: ResponseShape,
        included: Bool = false, meta: DocumentMeta = .none
    ) -> ByteBuffer {
        var writer = JSONWriter(capacity: 2048)
        writer.raw("{\"data\":")
        write(inquiry, inflection: inflection, shape: shape, into: &writer)
        if included { writer.raw(",\"included\":[]") }
        let keys = fixed[Self.column(inflection)]
        switch meta {
        case .none:
            break
        case .created(let answer):
            writer.raw(",\"meta\":{")
            writer.raw(keys.sessionToken)
            writer.optionalString(answer.sessionToken)
            writer.raw(",")
            writeLink(url: answer.link?.url, short: answer.link?.shortURL, keys: keys, into: &writer)
        case .link(let link):
            writer.raw(",\"meta\":{")
            writeLink(url: link.url, short: link.shortURL, keys: keys, into: &writer)
        }
        writer.raw("}")
        return writer.buffer
    }

    /// Writes one inquiry object.
    func write(_ inquiry: InquiryView, inflection: KeyInflection, shape: ResponseShape, into writer: inout JSONWriter) {
        let column = Self.column(inflection)
        let command = inquiry.command
        let lifecycle = inquiry.lifecycle
        var standard: [String?] = []
        if shape.repeatsFieldsAsAttributes {
            standard = [String?](repeating: nil, count: Self.standardFieldNames.count)
            for field in command.fields {
                if let index = Self.standardIndex[field.key] { standard[index] = field.value }
            }
        }
        writer.raw("{\"type\":\"inquiry\",\"id\":")
        writer.string(inquiry.id.text)
        writer.raw(",\"attributes\":{")
        var first = true
        for slot in slots[Int(shape.rawValue)] {
            if first { first = false } else { writer.raw(",") }
            writer.raw(slot.quoted[column])
            switch slot.source {
            case .status: writer.string(lifecycle.status.rawValue)
            case .referenceID: writer.optionalString(command.referenceID)
            case .note: writer.optionalString(command.note)
            case .behaviors: writer.raw("{}")
            case .tags:
                writer.raw("[")
                for (index, tag) in command.tags.enumerated() {
                    if index > 0 { writer.raw(",") }
                    writer.string(tag)
                }
                writer.raw("]")
            case .creator: writer.raw("\"API\"")
            case .createdAt: writer.string(Timestamp.format(inquiry.createdAt))
            case .updatedAt: writer.string(Timestamp.format(lifecycle.updatedAt ?? inquiry.createdAt))
            case .expiresAt: writer.string(Timestamp.format(inquiry.expiresAt))
            case .startedAt: writeTime(lifecycle.startedAt, into: &writer)
            case .completedAt: writeTime(lifecycle.completedAt, into: &writer)
            case .failedAt: writeTime(lifecycle.failedAt, into: &writer)
            case .markedForReviewAt: writeTime(lifecycle.markedForReviewAt, into: &writer)
            case .decisionedAt: writeTime(lifecycle.decisionedAt, into: &writer)
            case .expiredAt: writeTime(lifecycle.expiredAt, into: &writer)
            case .previousStepName: writer.raw(lifecycle.startedAt == nil ? "null" : "\"start\"")
            case .nextStepName: writer.raw(lifecycle.startedAt == nil ? "\"start\"" : "\"success\"")
            case .null: writer.raw("null")
            case .standard(let index): writer.optionalString(standard[index])
            case .fields:
                writeFields(command.fields, keys: shape.inflectsFieldKeys ? inflection : .kebab, into: &writer)
            }
        }
        let keys = fixed[column]
        writer.raw("},\"relationships\":{\"account\":{\"data\":")
        if let account = inquiry.accountID {
            writer.raw("{\"type\":\"account\",\"id\":")
            writer.string(account)
            writer.raw("}")
        } else {
            writer.raw("null")
        }
        writer.raw("},\"template\":{\"data\":")
        writeIdentifier(command, .legacyTemplate, type: "template", into: &writer)
        writer.raw("},")
        writer.raw(keys.inquiryTemplate)
        writer.raw("{\"data\":")
        writeIdentifier(command, .inquiryTemplate, type: "inquiry-template", into: &writer)
        writer.raw("},")
        writer.raw(keys.inquiryTemplateVersion)
        writer.raw("{\"data\":")
        writeIdentifier(command, .inquiryTemplateVersion, type: "inquiry-template-version", into: &writer)
        writer.raw("}}}")
    }

    /// `"one-time-link":…,"one-time-link-short":…}`: the end of a `meta` object.
    private func writeLink(url: String?, short: String?, keys: FixedKeys, into writer: inout JSONWriter) {
        writer.raw(keys.oneTimeLink)
        writer.optionalString(url)
        writer.raw(",")
        writer.raw(keys.oneTimeLinkShort)
        writer.optionalString(short)
        writer.raw("}")
    }

    private func writeTime(_ date: Date?, into writer: inout JSONWriter) {
        if let date { writer.string(Timestamp.format(date)) } else { writer.raw("null") }
    }

    private func writeIdentifier(
        _ command: CreateCommand, _ kind: TemplateKind, type: StaticString, into writer: inout JSONWriter
    ) {
        guard command.templateKind == kind else {
            writer.raw("null")
            return
        }
        writer.raw("{\"type\":\"")
        writer.raw(type)
        writer.raw("\",\"id\":")
        writer.string(command.templateID)
        writer.raw("}")
    }

    private func writeFields(
        _ fields: [(key: String, value: String?)], keys inflection: KeyInflection, into writer: inout JSONWriter
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
