/// The case of JSON keys, chosen per request with the `Key-Inflection` header.
///
/// Persona answers in kebab-case unless asked otherwise and accepts request keys in any of the
/// three forms. Only keys are converted, never values.
public enum KeyInflection: String, Sendable, CaseIterable, Codable {
    /// `nameFirst`.
    case camel
    /// `name-first` (Persona's default).
    case kebab
    /// `name_first`.
    case snake

    /// Converts `key`, written in any of the three forms, to this form.
    ///
    /// Words are split at `-`, `_` and before an upper-case letter; digits stay with the word
    /// before them (`address-street-1` becomes `addressStreet1` and back).
    public func convert(_ key: String) -> String {
        if self == .kebab, Self.isPlainKebab(key) { return key }
        var result = ""
        result.reserveCapacity(key.utf8.count + 4)
        var startOfWord = false
        var first = true
        for character in key {
            if character == "-" || character == "_" {
                startOfWord = true
                continue
            }
            if character.isUppercase { startOfWord = true }
            if startOfWord, !first {
                switch self {
                case .camel: result.append(contentsOf: character.uppercased())
                case .kebab: result.append("-"); result.append(contentsOf: character.lowercased())
                case .snake: result.append("_"); result.append(contentsOf: character.lowercased())
                }
            } else {
                result.append(contentsOf: character.lowercased())
            }
            startOfWord = false
            first = false
        }
        return result
    }

    /// Converts `key` from any form to kebab-case, the form the rest of the project uses.
    public static func kebab(_ key: String) -> String { KeyInflection.kebab.convert(key) }

    /// True when `key` has no `_` and no upper-case letter, so it is already kebab-case.
    private static func isPlainKebab(_ key: String) -> Bool {
        for byte in key.utf8 where byte == UInt8(ascii: "_") || (byte >= 65 && byte <= 90) || byte >= 0x80 {
            return false
        }
        return true
    }
}
