/// The keys a mapped record's `fields` may carry without a custom-field schema: Persona's
/// standard prefill field keys (see the API contract), and the column that holds the
/// reference-id when the input's headers are field keys (header mode).
///
/// Not to be confused with PersonaWire's `PersonaFields`, the wire type of a request's
/// `fields` object: this module does not depend on PersonaWire. The `meta` keys are
/// ``MetaKeys``; the columns a rejects file adds are ImportCore's `RejectsFileFormat`.
public enum PrefillFieldKeys {
    /// The standard prefill fields, in the order the contract lists them.
    public static let standard: [String] = [
        "name-first", "name-middle", "name-last", "birthdate", "email-address", "phone-number",
        "address-street-1", "address-street-2", "address-city", "address-subdivision",
        "address-postal-code", "address-country-code", "identification-number",
    ]

    /// The header of the optional reference-id column when the input's headers are field keys.
    public static let referenceIDColumn = "reference-id"

    static let standardSet = Set(standard)
}
