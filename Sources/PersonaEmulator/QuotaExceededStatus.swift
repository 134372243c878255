/// The status of a create refused by the creation quota. Persona documents "Quota exceeded"
/// both as a 429 and as a 403; the body's title is "Quota exceeded" either way.
public enum QuotaExceededStatus: Int, Sendable, CaseIterable {
    /// 403 Forbidden.
    case forbidden = 403
    /// 429 Too Many Requests (the default).
    case tooManyRequests = 429

    /// Parses `403` or `429`.
    ///
    /// - Parameter option: the option name used in the error message, e.g. `--quota-status`.
    public init(parsing text: String, option: String = "--quota-status") throws(EmulatorConfigurationError) {
        guard let code = Int(text), let value = QuotaExceededStatus(rawValue: code) else {
            throw EmulatorConfigurationError("\(option) must be 403 or 429; got '\(text)'")
        }
        self = value
    }
}
