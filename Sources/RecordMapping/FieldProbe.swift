import JSONSchema

/// Whether a schema lets a record carry a field key, found by validating a probe instance with
/// that key and looking for errors that reject the key itself (rather than its value).
enum FieldProbe {
    private static let keyKeywords: Set<String> = ["additionalProperties", "propertyNames", "unevaluatedProperties", "false"]

    static func allows(_ key: String, in schema: JSONSchema) -> Bool {
        let baseline = Set(schema.validate(.object(["fields": .object([:])])).map(Signature.init))
        let probe = schema.validate(.object(["fields": .object([key: .string("x")])]))
        let pointer = JSONPointer.appending("/fields", key)
        for error in probe where !baseline.contains(Signature(error)) {
            if keyKeywords.contains(error.keyword) { return false }
            if error.instancePointer == pointer && error.keyword.isEmpty { return false }
        }
        return true
    }

    private struct Signature: Hashable {
        let pointer: String
        let keyword: String
        init(_ error: ValidationError) {
            pointer = error.instancePointer
            keyword = error.keyword
        }
    }
}
