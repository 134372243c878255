/// A parsed JSON document. Numbers keep their text; objects keep their member order.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The member `key` of an object (first match), or nil.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Feeds a hash that ignores object member order, so two bodies with the same parameters
    /// hash alike however they are laid out.
    func fingerprint(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(1); hasher.combine(value)
        case .number(let text): hasher.combine(2); hasher.combine(Double(text) ?? .nan)
        case .string(let text): hasher.combine(3); hasher.combine(text)
        case .array(let items):
            hasher.combine(4)
            hasher.combine(items.count)
            for item in items { item.fingerprint(into: &hasher) }
        case .object(let members):
            hasher.combine(5)
            hasher.combine(members.count)
            // Summing per-member hashes ignores order without sorting (no allocation).
            var sum = 0
            for member in members {
                var memberHasher = Hasher()
                memberHasher.combine(member.key)
                member.value.fingerprint(into: &memberHasher)
                sum &+= memberHasher.finalize()
            }
            hasher.combine(sum)
        }
    }
}
