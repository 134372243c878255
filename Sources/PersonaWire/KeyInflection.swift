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
    /// Words are split at `-`, `_` and before an upper-case letter. In a camel-case key (one with
    /// an upper-case letter) a run of digits after a letter is a word of its own, since camel case
    /// has no other way to mark it: `addressStreet1` becomes `address-street-1` and
    /// `address_street_1`, and `address-street-1` becomes `addressStreet1`. A key with no
    /// upper-case letter keeps its digits where they are (`ssn4` stays `ssn4` in every form), so
    /// kebab → camel → kebab and kebab → snake → kebab give back every key whose digit runs
    /// follow a separator, as Persona's field names do, except a one-word key such as `line-1`
    /// (camel `line1` has no upper-case letter to mark it as camel).
    public func convert(_ key: String) -> String {
        if self == .kebab, Self.isPlainKebab(key) { return key }
        let splitsDigits = key.contains { $0.isUppercase }
        var result = ""
        result.reserveCapacity(key.utf8.count + 4)
        var startOfWord = false
        var first = true
        var afterLetter = false
        for character in key {
            if character == "-" || character == "_" {
                startOfWord = true
                afterLetter = false
                continue
            }
            let isDigit = character >= "0" && character <= "9"
            if character.isUppercase || (splitsDigits && isDigit && afterLetter) { startOfWord = true }
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
            afterLetter = character.isLetter
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
