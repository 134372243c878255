/// A ``CreateCommand`` packed into one byte array: what the emulator keeps of each inquiry's
/// request (a million of them in a few hundred MB), unpacked when an answer is written.
///
/// Layout: a flags byte (template kind, auto-created account, which optional strings follow),
/// the template id, the optional reference id, account id and note, the tags, then the fields.
/// A string is a LEB128 length and its UTF-8; an optional value writes length + 1, 0 for null;
/// a field's key is one byte, the index + 1 of a ``standardKeys`` entry, or 0 and the key.
struct PackedCommand: Sendable {
    private var bytes: [UInt8]

    /// Field keys common enough to be one byte.
    static let standardKeys = [
        "name-first", "name-middle", "name-last", "birthdate", "address-street-1", "address-street-2",
        "address-city", "address-subdivision", "address-postal-code", "address-country-code",
        "identification-number", "email-address", "phone-number",
    ]
    private static let standardIndex = Dictionary(uniqueKeysWithValues: standardKeys.enumerated().map { ($1, $0) })

    private enum Flag {
        static let autoCreateAccount: UInt8 = 1 << 2
        static let referenceID: UInt8 = 1 << 3
        static let accountID: UInt8 = 1 << 4
        static let note: UInt8 = 1 << 5
    }

    init(_ command: CreateCommand) {
        var out: [UInt8] = []
        out.reserveCapacity(64 + command.fields.reduce(0) { $0 + 2 + ($1.value?.utf8.count ?? 0) })
        var flags: UInt8
        switch command.templateKind {
        case .inquiryTemplate: flags = 0
        case .inquiryTemplateVersion: flags = 1
        case .legacyTemplate: flags = 2
        }
        if command.autoCreateAccount { flags |= Flag.autoCreateAccount }
        if command.referenceID != nil { flags |= Flag.referenceID }
        if command.accountID != nil { flags |= Flag.accountID }
        if command.note != nil { flags |= Flag.note }
        out.append(flags)
        Self.put(command.templateID, into: &out)
        for text in [command.referenceID, command.accountID, command.note] {
            if let text { Self.put(text, into: &out) }
        }
        Self.putLength(command.tags.count, into: &out)
        for tag in command.tags { Self.put(tag, into: &out) }
        Self.putLength(command.fields.count, into: &out)
        for field in command.fields {
            if let index = Self.standardIndex[field.key] {
                out.append(UInt8(index + 1))
            } else {
                out.append(0)
                Self.put(field.key, into: &out)
            }
            if let value = field.value {
                Self.putLength(value.utf8.count + 1, into: &out)
                out.append(contentsOf: value.utf8)
            } else {
                out.append(0)
            }
        }
        bytes = out
    }

    /// The command as it was packed.
    func unpack() -> CreateCommand {
        var reader = Reader(bytes: bytes)
        let flags = reader.byte()
        let kind: TemplateKind = switch flags & 3 {
        case 0: .inquiryTemplate
        case 1: .inquiryTemplateVersion
        default: .legacyTemplate
        }
        let templateID = reader.string()
        let referenceID = flags & Flag.referenceID != 0 ? reader.string() : nil
        let accountID = flags & Flag.accountID != 0 ? reader.string() : nil
        let note = flags & Flag.note != 0 ? reader.string() : nil
        let tags = (0..<reader.length()).map { _ in reader.string() }
        let count = reader.length()
        var fields: [(key: String, value: String?)] = []
        fields.reserveCapacity(count)
        for _ in 0..<count {
            let keyByte = Int(reader.byte())
            let key = keyByte == 0 ? reader.string() : Self.standardKeys[keyByte - 1]
            let encoded = reader.length()
            fields.append((key, encoded == 0 ? nil : reader.text(count: encoded - 1)))
        }
        return CreateCommand(
            templateKind: kind, templateID: templateID, referenceID: referenceID, accountID: accountID, note: note,
            tags: tags, fields: fields, autoCreateAccount: flags & Flag.autoCreateAccount != 0)
    }

    /// The reference id alone (what the reference index compares), without unpacking the rest.
    var referenceID: String? {
        var reader = Reader(bytes: bytes)
        guard reader.byte() & Flag.referenceID != 0 else { return nil }
        _ = reader.string()  // the template id
        return reader.string()
    }

    private static func put(_ text: String, into out: inout [UInt8]) {
        putLength(text.utf8.count, into: &out)
        out.append(contentsOf: text.utf8)
    }

    private static func putLength(_ value: Int, into out: inout [UInt8]) {
        var rest = UInt(value)
        while rest >= 0x80 {
            out.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    /// Reads what ``init(_:)`` wrote; the bytes are always its own, so no bounds are reported.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() -> UInt8 {
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func length() -> Int {
            var value = 0
            var shift = 0
            while true {
                let next = byte()
                value |= Int(next & 0x7F) << shift
                if next < 0x80 { return value }
                shift += 7
            }
        }

        mutating func text(count: Int) -> String {
            defer { offset += count }
            return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
        }

        mutating func string() -> String { text(count: length()) }
    }
}
