/// Persona's standard prefill field keys and `meta` keys (see the API contract).
public enum PersonaFields {
    /// The standard prefill fields, in the order the contract lists them.
    public static let standardKeys: [String] = [
        "name-first", "name-middle", "name-last", "birthdate", "email-address", "phone-number",
        "address-street-1", "address-street-2", "address-city", "address-subdivision",
        "address-postal-code", "address-country-code", "identification-number",
    ]

    /// The header of the optional reference-id column when the input's headers are field keys.
    public static let referenceIDColumn = "reference-id"

    /// Columns a rejects file adds; ignored on input so a corrected rejects file can be fed back.
    public static let rejectsColumns: Set<String> = ["_line", "_errors"]

    static let standardKeySet = Set(standardKeys)

    /// How a `meta` key's value is given.
    enum MetaKind {
        case bool
        case seconds
        /// A string: from a column or a constant; `prefix` is checked on constants.
        case string(prefix: String?)
    }

    /// The `meta` keys Persona accepts (no others), in the contract's order.
    static let metaKeys: [(key: String, kind: MetaKind)] = [
        ("auto-create-account", .bool),
        ("auto-create-account-type-id", .string(prefix: "acttp_")),
        ("auto-create-account-reference-id", .string(prefix: nil)),
        ("expiration-after-create-interval-seconds", .seconds),
        ("expiration-after-start-interval-seconds", .seconds),
        ("expiration-after-resume-interval-seconds", .seconds),
        ("one-time-link-expiration-seconds", .seconds),
        ("auto-create-inquiry-session", .bool),
        ("auto-create-one-time-link", .bool),
    ]
}
