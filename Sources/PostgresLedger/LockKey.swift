/// Advisory-lock keys derived from the schema name: FNV-1a (64 bits), stable across builds,
/// machines and PostgreSQL versions (unlike `hashtext`). Advisory locks are per database, so
/// one key per schema means one lock per ledger.
enum LockKey {
    /// The key a run holds for as long as it uses the ledger.
    static func run(_ schema: String) -> Int64 { hash("persona-import ledger run " + schema) }

    /// The key migrations take for their transaction.
    static func migration(_ schema: String) -> Int64 { hash("persona-import ledger migration " + schema) }

    static func hash(_ text: String) -> Int64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: value)
    }
}

/// A schema name checked and quoted for statements: letters, digits and `_`, not starting with
/// a digit, at most 63 bytes (PostgreSQL's limit), so it needs no escaping.
struct LedgerSQL: Sendable {
    /// `"persona_import"`.
    let schema: String
    /// `"persona_import".job`.
    let job: String
    /// `"persona_import"."row"`.
    let row: String
    /// `"persona_import".inquiry_status`.
    let inquiryStatus: String
    /// `"persona_import".inquiry_link`.
    let inquiryLink: String

    init?(schema name: String) {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), name.utf8.count <= 63,
              name.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else { return nil }
        schema = "\"\(name)\""
        job = schema + ".job"
        row = schema + ".\"row\""
        inquiryStatus = schema + ".inquiry_status"
        inquiryLink = schema + ".inquiry_link"
    }
}
