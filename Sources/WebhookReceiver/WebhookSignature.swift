import Crypto
import Foundation

/// Why a delivery was refused. Each is a 4xx, and nothing is recorded.
public enum WebhookRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `Persona-Signature` header.
    case missingSignature
    /// A header with no `t=<unix>,v1=<hex>` pair in it.
    case malformedSignature
    /// No pair matches the body under any of the secrets.
    case signatureMismatch
    /// A matching pair whose time is further than the tolerance from now (a replay).
    case stale(seconds: Int)

    public var description: String {
        switch self {
        case .missingSignature: "no Persona-Signature header"
        case .malformedSignature: "Persona-Signature has no t=…,v1=… pair"
        case .signatureMismatch: "the signature does not match the body under the webhook secret"
        case .stale(let seconds): "the signature's time is \(seconds) s from now, beyond the tolerance"
        }
    }
}

/// Persona's webhook signature: `Persona-Signature: t=<unix seconds>,v1=<hex>`, where v1 is
/// HMAC-SHA256 with the webhook secret over `"<t>.<raw body>"`. While a secret is being rotated
/// the header carries two space-separated pairs, and either may match.
public enum WebhookSignature {
    /// The header's name.
    public static let headerName = "Persona-Signature"

    /// The time of the pair that matches `body` under one of `secrets`, or why none does.
    /// Compared in constant time; the time is checked only once a signature matched.
    public static func verify(
        header: String?, body: [UInt8], secrets: [SymmetricKey], now: Date, tolerance: TimeInterval
    ) -> Result<Int, WebhookRefusal> {
        guard let header, !header.isEmpty else { return .failure(.missingSignature) }
        let pairs = header.split(whereSeparator: \.isWhitespace).compactMap(Self.pair)
        guard !pairs.isEmpty else { return .failure(.malformedSignature) }
        for (time, mac) in pairs {
            let signed = Array("\(time).".utf8) + body
            for secret in secrets where HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: signed, using: secret) {
                // In Double: a time near Int.min or Int.max must not overflow.
                let age = now.timeIntervalSince1970.rounded(.down) - Double(time)
                guard abs(age) <= tolerance else { return .failure(.stale(seconds: Int(max(-1e15, min(1e15, age))))) }
                return .success(time)
            }
        }
        return .failure(.signatureMismatch)
    }

    /// `t=1733600000,v1=ab12…` → (time, MAC bytes); nil when either part is missing or malformed.
    static func pair(_ text: Substring) -> (Int, [UInt8])? {
        var time: Int?
        var mac: [UInt8]?
        for field in text.split(separator: ",") {
            let parts = field.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "t": time = Int(parts[1])
            case "v1": mac = hexBytes(parts[1])
            default: continue
            }
        }
        guard let time, let mac, mac.count == SHA256.byteCount else { return nil }
        return (time, mac)
    }

    /// The signature a sender puts in the header: `t=<time>,v1=<hex>`.
    public static func header(body: [UInt8], secret: SymmetricKey, time: Int) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(time).".utf8) + body, using: secret)
        return "t=\(time),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
