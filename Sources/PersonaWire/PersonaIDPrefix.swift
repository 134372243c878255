/// The prefixes Persona puts in front of object ids (`inq_…`, `itmpl_…`).
///
/// Persona validates a template id by its prefix, so the client checks it before sending and
/// the emulator rejects a wrong one with the same message Persona uses.
public enum PersonaIDPrefix: String, Sendable, CaseIterable {
    /// An inquiry, `inq_…`.
    case inquiry = "inq_"
    /// An inquiry template, `itmpl_…`.
    case inquiryTemplate = "itmpl_"
    /// A version of an inquiry template, `itmplv_…`.
    case inquiryTemplateVersion = "itmplv_"
    /// A legacy template, `tmpl_…`.
    case legacyTemplate = "tmpl_"
    /// An account, `act_…`.
    case account = "act_"

    /// The prefix without its trailing underscore, as Persona names it in messages (`itmpl`).
    public var name: String { String(rawValue.dropLast()) }

    /// Whether `id` starts with this prefix (underscore included, so `itmplv_x` is not an `itmpl_`).
    public func matches(_ id: String) -> Bool { id.hasPrefix(rawValue) }
}
