/// Which keywords a schema may use besides JSON Schema 2020-12's own.
public enum SchemaDialect: Sendable {
    /// JSON Schema 2020-12 alone: any other keyword fails loading.
    case jsonSchema
    /// OpenAPI 3.1's Schema Object: 2020-12 plus the annotations `discriminator`, `xml`,
    /// `externalDocs`, `example` and any `x-` extension. None of them is asserted (a
    /// `discriminator` only hints at which `oneOf`/`anyOf` branch applies; the branches decide).
    case openAPI31

    func isAnnotation(_ keyword: String) -> Bool {
        switch self {
        case .jsonSchema:
            return false
        case .openAPI31:
            return ["discriminator", "xml", "externalDocs", "example"].contains(keyword) || keyword.hasPrefix("x-")
        }
    }
}
