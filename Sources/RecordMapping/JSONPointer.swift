import Foundation

/// JSON pointer building (RFC 6901) for error messages about mapping-file keys.
enum JSONPointer {
    /// `pointer` extended by one reference token, escaping `~` and `/`.
    static func appending(_ pointer: String, _ token: String) -> String {
        pointer + "/" + escape(token)
    }

    static func appending(_ pointer: String, _ index: Int) -> String {
        pointer + "/" + String(index)
    }

    static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
