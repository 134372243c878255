import Foundation
import ImportProtocol

/// A file holding a secret (the API key, the webhook secret): read only when no one but its
/// owner can read it, so that a secret never sits where others can.
public enum SecretFile {
    /// The file's text; refused when group or others may read it, naming the `chmod` that fixes it.
    public static func read(_ file: String, what: String) throws(RunFailure) -> String {
        var status = stat()
        guard stat(file, &status) == 0 else {
            throw RunFailure(.configuration, "\(file): cannot read the \(what) file (\(String(cString: strerror(errno))))")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw RunFailure(.configuration, "\(file): the \(what) file is readable by group or others; run: chmod 600 \(file)")
        }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw RunFailure(.configuration, "\(file): cannot read the \(what) file")
        }
        return text
    }

    /// The webhook secrets of `file`: one per line (two while a secret is rotated).
    public static func webhookSecrets(_ file: String) throws(RunFailure) -> [String] {
        let secrets = try read(file, what: "webhook secret").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !secrets.isEmpty else { throw RunFailure(.configuration, "\(file): the webhook secret file is empty") }
        return secrets
    }
}

/// `--listen HOST:PORT`.
public struct ListenAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    /// `127.0.0.1:8088`, `[::1]:8088`, `0.0.0.0:0`; nil for anything else.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { return nil }
        self.host = host
        self.port = port
    }
}
