import PersonaWire

/// What the API version a request names changes in the emulator's answers. Persona's changelog
/// for 2025-10-27, borne out by the 2023-01-05 and 2025-12-08 OpenAPI documents: prefill only
/// under `data.attributes.fields`, the person's data only in `fields` as `{type, value}`, field
/// keys no longer inflected, `included` only when asked for.
enum ResponseShape: UInt8, Sendable {
    /// Versions before 2025-10-27.
    case legacy
    /// 2025-10-27 and later.
    case fieldsOnly

    /// The first version with the ``fieldsOnly`` shape.
    static let fieldsOnlySince = PersonaVersion(rawValue: "2025-10-27")

    /// The shape of `version`'s answers (versions are dates, so they order as text).
    init(_ version: PersonaVersion) {
        self = version.rawValue < Self.fieldsOnlySince.rawValue ? .legacy : .fieldsOnly
    }

    /// The person's prefill is repeated as top-level attributes (`name-first`, `birthdate`, …).
    var repeatsFieldsAsAttributes: Bool { self == .legacy }
    /// Keys inside `fields` follow `Key-Inflection`; later versions send them as the template names them.
    var inflectsFieldKeys: Bool { self == .legacy }
    /// `GET /inquiries/{id}` carries `included` unasked (2023-01-05 documents reports,
    /// verifications, sessions, documents and the template as included by default).
    var includesRelatedByDefault: Bool { self == .legacy }
    /// A create's `data.attributes` may carry keys the request schema does not list (the
    /// 2023-01-05 schema allows them, so top-level prefill still works); later versions refuse them.
    var acceptsUnlistedAttributes: Bool { self == .legacy }
}
