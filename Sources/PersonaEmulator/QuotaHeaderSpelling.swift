/// How the creation-quota headers are spelled; Persona documents both spellings.
public enum QuotaHeaderSpelling: String, Sendable, CaseIterable {
    /// `Quota-Limit`, `Quota-Remaining`, `Quota-Reset` (the default).
    case quota
    /// `QuotaLimit-Limit`, `QuotaLimit-Remaining`, `QuotaLimit-Reset`.
    case quotaLimit = "quotalimit"

    /// Parses `quota` or `quotalimit` (any case).
    ///
    /// - Parameter option: the option name used in the error message, e.g. `--quota-headers`.
    public init(parsing text: String, option: String = "--quota-headers") throws(EmulatorConfigurationError) {
        guard let value = QuotaHeaderSpelling(rawValue: text.lowercased()) else {
            throw EmulatorConfigurationError("\(option) must be quota or quotalimit; got '\(text)'")
        }
        self = value
    }
}
