/// Persona's error body: `{"errors": [{"title", "details", "source": {"pointer"}}]}`.
public struct PersonaErrorDocument: Sendable, Equatable, Codable {
    /// The errors; Persona sends at least one.
    public var errors: [PersonaError]

    /// Creates an error document.
    public init(errors: [PersonaError]) { self.errors = errors }
}

/// One error of a ``PersonaErrorDocument``.
public struct PersonaError: Sendable, Equatable, Codable {
    /// Where in the request the problem is.
    public struct Source: Sendable, Equatable, Codable {
        /// A JSON pointer into the request body, e.g. `/data/attributes/fields/birthdate`.
        public var pointer: String?

        /// Creates a source.
        public init(pointer: String?) { self.pointer = pointer }
    }

    /// A short summary, e.g. `Bad request` or `Rate limit exceeded`.
    public var title: String
    /// The explanation, when sent.
    public var details: String?
    /// The offending part of the request, when sent.
    public var source: Source?

    /// Creates an error.
    public init(title: String, details: String? = nil, source: Source? = nil) {
        self.title = title
        self.details = details
        self.source = source
    }
}

/// The titles Persona uses that the client acts on.
public enum PersonaErrorTitle {
    /// 429 when the request rate limit is exceeded.
    public static let rateLimitExceeded = "Rate limit exceeded"
    /// 429 (or 403) when a product quota is exceeded.
    public static let quotaExceeded = "Quota exceeded"
}
