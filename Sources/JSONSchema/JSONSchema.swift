import Foundation
import JSON

/// A compiled JSON Schema (draft 2020-12), validated by our own engine with no dependencies.
///
/// Compile once, validate many times from any number of threads.
///
/// Supported keywords: `type`, `enum`, `const`, `required`, `properties`, `patternProperties`,
/// `additionalProperties`, `propertyNames`, `minProperties`, `maxProperties`, `dependentRequired`,
/// `dependentSchemas`, `unevaluatedProperties`, `minLength`, `maxLength` (Unicode code points),
/// `pattern` (ECMA-262, unanchored search), `format`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `multipleOf`, `prefixItems`, `items`, `minItems`, `maxItems`, `allOf`,
/// `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `$ref`, `$defs`, `$id`, `$anchor`, `$schema`
/// (2020-12 only), and the annotations `title`, `description`, `default`, `examples`,
/// `$comment`, `deprecated`, `readOnly`, `writeOnly`, `contentMediaType`, `contentEncoding`,
/// `contentSchema`. Boolean schemas are supported. ``SchemaDialect/openAPI31`` adds OpenAPI's
/// annotations, for schemas read out of an OpenAPI document with ``init(_:at:dialect:)``.
///
/// - Any other keyword makes loading fail with ``SchemaError/Kind/unknownKeyword``: a schema is
///   never half-applied.
/// - `$ref` resolves JSON pointers (percent-encoded, `~0`/`~1`), anchors and `$id`s within the
///   document, recursion included. Anything else (a remote URL, another file, the meta-schema)
///   fails loading with ``SchemaError/Kind/unsupported``.
/// - `format` is asserted for `date`, `date-time` and `email`; every other format name is an
///   annotation only and never fails validation.
/// - `pattern` runs on a built-in engine for the usual subset (literals, `.`, classes, `\d \w \s`
///   and negations, `\uXXXX`, anchors, groups, alternation, greedy and lazy quantifiers);
///   lookaround, backreferences and `\p{…}` fall back to `NSRegularExpression`. Backtracking is
///   bounded on both engines (a million steps per value): a search that exceeds the limit counts
///   as not matching, with its own message. ICU-only syntax the bounded fallback cannot run is
///   refused when the schema loads.
/// - Numbers: `1.0` is an integer for `type`; `1` and `1.0` are equal for `enum`/`const`.
/// - Error messages name keywords, schema constants, counts and pointers, never instance values.
public struct JSONSchema: Sendable {
    /// Compiles a schema document. Throws on any unknown keyword or unsupported feature.
    public init(_ document: JSONValue) throws(SchemaError) {
        var compiler = SchemaCompiler(document: document)
        root = try compiler.compileDocument()
        nodes = compiler.allNodes
    }

    /// Compiles the schema found at `pointer` inside a larger document, such as one response's
    /// schema inside an OpenAPI 3.1 document
    /// (`/paths/~1inquiries/post/responses/201/content/application~1json/schema`). Its `$ref`s
    /// may point anywhere in that document (`#/components/schemas/inquiry`); only what the
    /// schema reaches is compiled.
    public init(_ document: JSONValue, at pointer: String, dialect: SchemaDialect = .openAPI31) throws(SchemaError) {
        var compiler = SchemaCompiler(document: document, dialect: dialect)
        root = try compiler.compileDocument(at: pointer)
        nodes = compiler.allNodes
    }

    let root: SchemaNode
    /// Keeps every node alive; nodes link to each other without ownership.
    private let nodes: [SchemaNode]

    /// Reads, parses and compiles a schema file; errors name the file.
    public init(contentsOf url: URL) throws(SchemaError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SchemaError(kind: .unreadable, file: url.path, schemaPointer: "", message: "cannot read file")
        }
        let document: JSONValue
        do { document = try JSONValue(parsing: data) } catch {
            throw SchemaError(kind: .invalidJSON, file: url.path, schemaPointer: "", message: "invalid JSON: \(error)")
        }
        do { try self.init(document) } catch {
            var named = error
            named.file = url.path
            throw named
        }
    }

    /// Every reason `instance` does not satisfy the schema (empty when valid).
    ///
    /// Valid instances cost one short-circuiting pass and allocate nothing; only an invalid
    /// instance gets the second, collecting pass. Errors are ordered by member name.
    public func validate(_ instance: JSONValue) -> [ValidationError] {
        if root.isValid(instance) { return [] }
        var context = ValidationContext(collect: true)
        _ = root.check(instance, &context)
        return context.errors
    }

    /// Whether `instance` satisfies the schema; stops at the first failure.
    public func isValid(_ instance: JSONValue) -> Bool {
        root.isValid(instance)
    }
}
