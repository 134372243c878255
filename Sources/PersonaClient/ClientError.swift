/// A client setting that cannot be used, with a message that names it and says what to do.
public struct ClientError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: Sendable, Equatable {
        case badBaseURL
        case insecureBaseURL
        case badKey
    }

    private let code: Code
    /// What is wrong and what to do.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func badBaseURL(_ url: String) -> ClientError {
        ClientError(.badBaseURL, "--api-base '\(url)' is not an http(s) URL such as https://api.withpersona.com/api/v1")
    }

    static func insecureBaseURL(_ url: String) -> ClientError {
        ClientError(.insecureBaseURL, "--api-base '\(url)': plain http is allowed only for a loopback address (the emulator); use https")
    }

    static func badKey(_ reason: String) -> ClientError {
        ClientError(.badKey, "the API key \(reason); set PERSONA_API_KEY or use --api-key-file")
    }
}
