/// Persona's documented default rate limit: 300 requests a minute per environment, for every
/// key together. The importer assumes it until the headers tell the real one; the emulator
/// enforces it unless told otherwise.
public enum PersonaRateLimit {
    /// Requests per window.
    public static let defaultLimit = 300
    /// The window, in seconds.
    public static let defaultPeriodSeconds = 60
}
