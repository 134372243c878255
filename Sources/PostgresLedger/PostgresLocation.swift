import Foundation
import ImportLedger

/// Where a PostgreSQL ledger lives: `postgres://user[:password]@host[:port]/database?sslmode=…`
/// (`postgresql://` too). The password comes from the URL, else `PGPASSWORD`, else the
/// password file (`PGPASSFILE` or `~/.pgpass`, used only when its mode is 0600 or narrower, as
/// libpq does). It is never part of ``redactedURL`` or of any message.
public struct PostgresLocation: Sendable {
    /// How the connection is encrypted, as libpq's `sslmode` says it.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it (libpq's `allow` means the same here).
        case prefer
        /// TLS always, without checking the server's certificate.
        case require
        /// TLS always, the certificate checked against trusted roots but not the host name.
        case verifyCA = "verify-ca"
        /// TLS always, the certificate and the host name checked.
        case verifyFull = "verify-full"
    }

    /// The URL as given, with any password replaced by `***`: the form for messages and logs.
    public let redactedURL: String
    /// The server's host name or address.
    public let host: String
    /// The server's port (5432 unless the URL says otherwise).
    public let port: Int
    /// The user to connect as.
    public let user: String
    /// The database (the user's name when the URL names none).
    public let database: String
    /// How the connection is encrypted (`prefer` when the URL does not say, as with libpq).
    public let tlsMode: TLSMode
    /// Trusted root certificates for `verify-ca` and `verify-full` (`sslrootcert`); the system's
    /// when nil.
    public let rootCertificatePath: String?
    /// How long one connection attempt may take (`connect_timeout`, default 10 s).
    public let connectTimeout: Duration
    /// The password, if one was found. Kept out of `description`, `redactedURL` and messages.
    let password: String?

    /// Parses `url`; `environment` supplies `PGPASSWORD`, `PGPASSFILE`, `PGUSER` and `HOME`.
    /// Errors name the URL with its password redacted.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(LedgerError) {
        let redacted = Self.redact(url)
        redactedURL = redacted
        let parts = try URLParts(url, redacted: redacted)
        host = parts.host
        port = parts.port ?? 5432
        user = parts.user ?? environment["PGUSER"] ?? Self.currentUserName()
        database = parts.database ?? user
        var mode = TLSMode.prefer
        var rootCertificate: String?
        var timeout = Duration.seconds(10)
        var queryPassword: String?
        for (name, value) in parts.query {
            switch name {
            case "sslmode":
                guard let parsed = value == "allow" ? .prefer : TLSMode(rawValue: value) else {
                    throw .cannotOpen(redacted, "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full")
                }
                mode = parsed
            case "sslrootcert":
                rootCertificate = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else { throw .cannotOpen(redacted, "connect_timeout must be a number of seconds") }
                timeout = .seconds(max(seconds, 2))
            case "password":
                queryPassword = value
            case "application_name":
                break  // persona-import names its own connections
            default:
                throw .cannotOpen(redacted, "unknown URL parameter \(name); known: sslmode, sslrootcert, connect_timeout, password")
            }
        }
        tlsMode = mode
        rootCertificatePath = rootCertificate
        connectTimeout = timeout
        let given = parts.password ?? queryPassword
        if let given, !given.isEmpty {
            password = given
        } else if let fromEnvironment = environment["PGPASSWORD"], !fromEnvironment.isEmpty {
            password = fromEnvironment
        } else {
            password = PasswordFile.lookUp(
                path: environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass"),
                host: host, port: port, database: database, user: user)
        }
    }

    /// True when `location` is a PostgreSQL URL rather than a file path.
    public static func isURL(_ location: String) -> Bool {
        let lowered = location.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// `url` with the password of its user part and of a `password=` parameter replaced by
    /// `***`. When the URL cannot be taken apart, everything that could be a password goes.
    public static func redact(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url.contains("@") ? "***" : url }
        var result = String(url[..<schemeEnd.upperBound])
        var rest = url[schemeEnd.upperBound...]
        // The user part ends at the last "@": a password may hold "/", "?" or "@" unescaped.
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                result += userInfo[..<colon] + ":***"
            } else {
                result += userInfo
            }
            rest = rest[at...]
        }
        guard let question = rest.firstIndex(of: "?") else { return result + rest }
        result += rest[...question]
        let parameters = rest[rest.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false).map { pair in
            pair.lowercased().hasPrefix("password=") ? "password=***" : String(pair)
        }
        return result + parameters.joined(separator: "&")
    }

    private static func currentUserName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "postgres"
    }
}

/// A URL taken apart, percent-decoded.
private struct URLParts {
    var user: String?
    var password: String?
    var host: String
    var port: Int?
    var database: String?
    var query: [(String, String)] = []

    init(_ url: String, redacted: String) throws(LedgerError) {
        guard let schemeEnd = url.range(of: "://"),
              ["postgres", "postgresql"].contains(url[..<schemeEnd.lowerBound].lowercased())
        else { throw .cannotOpen(redacted, "not a postgres:// URL") }
        var rest = url[schemeEnd.upperBound...]
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decode(userInfo[..<colon], redacted)
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], redacted)
            } else {
                user = try Self.decode(userInfo, redacted)
            }
            if user?.isEmpty == true { user = nil }
            rest = rest[rest.index(after: at)...]
        }
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let nameAndValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = try Self.decode(nameAndValue[0], redacted)
                let value = nameAndValue.count > 1 ? try Self.decode(nameAndValue[1], redacted) : ""
                query.append((name, value))
            }
            rest = rest[..<question]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let name = try Self.decode(rest[rest.index(after: slash)...], redacted)
            database = name.isEmpty ? nil : name
        }
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .cannotOpen(redacted, "unterminated [ in the host") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw .cannotOpen(redacted, "bad host") }
        } else if let colon = authority.lastIndex(of: ":") {
            host = try Self.decode(authority[..<colon], redacted)
            portText = authority[authority.index(after: colon)...]
        } else {
            host = try Self.decode(authority, redacted)
        }
        if host.isEmpty { host = "localhost" }
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else { throw .cannotOpen(redacted, "bad port") }
            port = number
        }
    }

    private static func decode(_ text: Substring, _ redacted: String) throws(LedgerError) -> String {
        guard let decoded = String(text).removingPercentEncoding else { throw .cannotOpen(redacted, "bad percent-encoding") }
        return decoded
    }
}

/// Printing a location, on purpose or by accident (`"\(location)"`, a debugger, a dump), shows
/// the redacted URL: the password never leaves through a description.
extension PostgresLocation: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { redactedURL }
    public var debugDescription: String { redactedURL }
    public var customMirror: Mirror { Mirror(self, children: ["url": redactedURL]) }
}
