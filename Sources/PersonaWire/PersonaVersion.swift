/// A value of the `Persona-Version` header, which pins the API version.
public struct PersonaVersion: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The version string, e.g. `2023-01-05`.
    public var rawValue: String

    /// Wraps a version string; it need not be one of ``known``.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// 2023-01-05: the version of the project's seed examples.
    public static let v2023_01_05 = PersonaVersion(rawValue: "2023-01-05")
    /// 2025-12-08: the newest version Persona documents.
    public static let newest = PersonaVersion(rawValue: "2025-12-08")

    /// Every version Persona documents, newest first.
    public static let known: [PersonaVersion] = [
        "2025-12-08", "2025-10-27", "2023-01-05", "2022-09-01",
        "2021-08-18", "2021-07-05", "2021-02-21", "2020-05-18",
    ].map(PersonaVersion.init(rawValue:))

    /// Whether this is one of the documented versions.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The version string.
    public var description: String { rawValue }

    /// Decodes from a bare JSON string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a bare JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
