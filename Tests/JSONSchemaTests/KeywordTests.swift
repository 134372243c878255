import JSON
import Testing
import JSONSchema

/// Each keyword: valid and invalid instances, the instance pointer and the exact message.
@Suite struct KeywordTests {
    @Test func typeReportsExpectedAndFound() throws {
        let s = try schema(#"{"properties": {"a": {"type": "string"}, "b": {"type": ["integer", "null"]}}}"#)
        #expect(try errors(s, #"{"a": "x", "b": null}"#).isEmpty)
        #expect(try errors(s, #"{"a": 5, "b": 2.0}"#) == ["/a: type: expected string, found integer"])
        #expect(try errors(s, #"{"b": 2.5}"#) == ["/b: type: expected integer or null, found number"])
    }

    @Test func integerAcceptsIntegralNumbers() throws {
        let s = try schema(#"{"type": "integer"}"#)
        #expect(s.isValid(.number(1.0)))
        #expect(s.isValid(.integer(-3)))
        #expect(!s.isValid(.number(1.5)))
        #expect(!s.isValid(.string("1")))
    }

    @Test func enumAndConstUseJSONEquality() throws {
        let e = try schema(#"{"enum": [1, "a", {"k": [true]}]}"#)
        #expect(e.isValid(.number(1.0)))
        #expect(e.isValid(.string("a")))
        #expect(e.isValid(try json(#"{"k": [true]}"#)))
        #expect(try errors(e, #""secret-value""#) == [": enum: not one of the 3 allowed values"])
        let c = try schema(#"{"const": 2}"#)
        #expect(c.isValid(.number(2.0)))
        #expect(try errors(c, "3") == [": const: not the required value"])
        let codes = try schema(#"{"enum": ["US", "GB", "DE"]}"#)
        #expect(codes.isValid(.string("GB")))
        #expect(!codes.isValid(.string("gb")))
    }

    @Test func requiredNamesTheMissingProperty() throws {
        let s = try schema(#"{"properties": {"name-first": {}}, "required": ["name-first", "name-last"]}"#)
        #expect(try errors(s, #"{"name-first": "A", "name-last": "B"}"#).isEmpty)
        #expect(try errors(s, "{}") == [
            #": required: missing property "name-first""#,
            #": required: missing property "name-last""#,
        ])
        #expect(s.isValid(.string("not an object")))
    }

    @Test func propertiesPatternPropertiesAdditionalProperties() throws {
        let s = try schema(#"""
        {"properties": {"fields": {"properties": {"a": {"maxLength": 2}},
                                   "patternProperties": {"^x-": {"type": "integer"}},
                                   "additionalProperties": false}}}
        """#)
        #expect(try errors(s, #"{"fields": {"a": "ok", "x-1": 3}}"#).isEmpty)
        #expect(try errors(s, #"{"fields": {"a": "long", "x-1": "3", "other": 1}}"#) == [
            "/fields/a: maxLength 2: has 4 characters",
            "/fields/other: additionalProperties: property not allowed",
            "/fields/x-1: type: expected integer, found string",
        ])
        let typed = try schema(#"{"additionalProperties": {"type": "string"}}"#)
        #expect(try errors(typed, #"{"k": 1}"#) == ["/k: type: expected string, found integer"])
    }

    @Test func propertyNamesAndPropertyCounts() throws {
        let s = try schema(#"{"propertyNames": {"pattern": "^[a-z]+$"}, "minProperties": 1, "maxProperties": 2}"#)
        #expect(try errors(s, #"{"ab": 1}"#).isEmpty)
        #expect(try errors(s, #"{"A": 1}"#) == ["/A: propertyNames: property name does not satisfy the schema"])
        #expect(try errors(s, "{}") == [": minProperties 1: has 0 properties"])
        #expect(try errors(s, #"{"a": 1, "b": 2, "c": 3}"#) == [": maxProperties 2: has 3 properties"])
    }

    @Test func lengthsCountUnicodeScalars() throws {
        let s = try schema(#"{"minLength": 2, "maxLength": 3}"#)
        #expect(s.isValid(.string("日本")))
        #expect(s.isValid(.string("👍👍👍")))
        #expect(try errors(s, #""👍👍👍👍""#) == [": maxLength 3: has 4 characters"])
        #expect(try errors(s, #""é""#) == [": minLength 2: has 1 characters"])
        #expect(try !schema(#"{"minLength": 9000000000000000000}"#).isValid(.string("abc")))
        let long = try schema(#"{"maxLength": 50}"#)
        #expect(long.validate(.string(String(repeating: "x", count: 61))).map(\.message) == ["maxLength 50: has 61 characters"])
    }

    @Test func patternIsAnUnanchoredSearch() throws {
        let s = try schema(#"{"properties": {"zip": {"pattern": "^[0-9]{5}$"}, "code": {"pattern": "b+"}}}"#)
        #expect(try errors(s, #"{"zip": "12345", "code": "abbc"}"#).isEmpty)
        #expect(try errors(s, #"{"zip": "1234", "code": "ac"}"#) == [
            #"/code: pattern "b+": does not match"#,
            #"/zip: pattern "^[0-9]{5}$": does not match"#,
        ])
    }

    @Test func numericBounds() throws {
        let s = try schema(#"{"minimum": 1, "maximum": 10.5, "exclusiveMinimum": 0, "exclusiveMaximum": 11}"#)
        #expect(s.isValid(.integer(1)))
        #expect(s.isValid(.number(10.5)))
        #expect(try errors(s, "0") == [": minimum 1: is less", ": exclusiveMinimum 0: is not greater"])
        #expect(try errors(s, "11") == [": maximum 10.5: is greater", ": exclusiveMaximum 11: is not less"])
        #expect(s.isValid(.string("ignored")))
        let big = try schema(#"{"maximum": 9223372036854775807}"#)
        #expect(big.isValid(.integer(Int.max)))
        #expect(!big.isValid(.number(9.3e18)))
    }

    @Test func multipleOfIsExactForDecimalsAndSafeForHugeNumbers() throws {
        let s = try schema(#"{"multipleOf": 0.0001}"#)
        #expect(s.isValid(.number(0.0075)))
        #expect(try errors(s, "0.00751") == [": multipleOf 0.0001: is not a multiple"])
        let i = try schema(#"{"multipleOf": 3}"#)
        #expect(i.isValid(.integer(Int.min + 2)))
        #expect(i.isValid(.integer(Int.max - 1)))
        #expect(!i.isValid(.integer(Int.max)))
        #expect(i.isValid(.number(1e30 * 3)) == (1e30 * 3).truncatingRemainder(dividingBy: 3).isZero)
        let f = try schema(#"{"multipleOf": 0.123456789}"#)
        #expect(!f.isValid(.number(1e308)))
        let tiny = try schema(#"{"multipleOf": 1e-8}"#)
        #expect(tiny.isValid(.integer(12391239123)))
    }

    @Test func combinators() throws {
        let s = try schema(#"""
        {"allOf": [{"type": "string"}, {"maxLength": 3}],
         "anyOf": [{"pattern": "^a"}, {"pattern": "^b"}],
         "oneOf": [{"minLength": 2}, {"maxLength": 1}],
         "not": {"const": "bad"}}
        """#)
        #expect(try errors(s, #""ab""#).isEmpty)
        #expect(try errors(s, #""abcd""#) == [": maxLength 3: has 4 characters"])
        #expect(try errors(s, #""c""#) == [": anyOf: matches none of the 2 schemas"])
        #expect(try errors(s, "5") == [
            ": type: expected string, found integer",
            ": oneOf: matches more than one of the 2 schemas",
        ])
        let n = try schema(#"{"not": {"type": "integer"}}"#)
        #expect(try errors(n, "1") == [": not: matches the schema it must not match"])
        let o = try schema(#"{"oneOf": [{"type": "integer"}, {"type": "string"}]}"#)
        #expect(try errors(o, "null") == [": oneOf: matches none of the 2 schemas"])
    }

    @Test func ifThenElse() throws {
        let s = try schema(#"""
        {"if": {"properties": {"country": {"const": "US"}}, "required": ["country"]},
         "then": {"properties": {"zip": {"pattern": "^[0-9]{5}$"}}},
         "else": {"properties": {"zip": {"maxLength": 10}}}}
        """#)
        #expect(try errors(s, #"{"country": "US", "zip": "12345"}"#).isEmpty)
        #expect(try errors(s, #"{"country": "US", "zip": "A1"}"#) == [#"/zip: pattern "^[0-9]{5}$": does not match"#])
        #expect(try errors(s, #"{"country": "GB", "zip": "SW1A 1AA extra"}"#) == ["/zip: maxLength 10: has 14 characters"])
    }

    @Test func dependentRequired() throws {
        let s = try schema(#"{"dependentRequired": {"address-street-1": ["address-city"]}}"#)
        #expect(s.isValid(try json("{}")))
        #expect(try errors(s, #"{"address-street-1": "x"}"#) == [
            #": dependentRequired: missing property "address-city" (required when "address-street-1" is present)"#,
        ])
    }

    @Test func booleanSchemas() throws {
        #expect(try schema("true").isValid(.null))
        #expect(try errors(schema("false"), "1") == [": schema false: no value is allowed"])
        let s = try schema(#"{"properties": {"never": false}}"#)
        #expect(try errors(s, #"{"never": 1}"#) == ["/never: schema false: no value is allowed"])
    }

    @Test func refsToDefsPointersAndEscapes() throws {
        let s = try schema(##"""
        {"$defs": {"name": {"type": "string", "maxLength": 3}, "a/b~c": {"type": "integer"}, "sp ace": {"minimum": 5},
                   "node": {"properties": {"child": {"$ref": "#/$defs/node"}, "v": {"type": "integer"}}}},
         "properties": {
           "first": {"$ref": "#/$defs/name"},
           "n": {"$ref": "#/$defs/a~1b~0c"},
           "p": {"$ref": "#/$defs/sp%20ace"},
           "same": {"$ref": "#/properties/first"},
           "tree": {"$ref": "#/$defs/node"}}}
        """##)
        #expect(try errors(s, #"{"first": "abc", "n": 1, "p": 6, "same": "x", "tree": {"child": {"child": {"v": 1}}}}"#).isEmpty)
        #expect(try errors(s, #"{"first": "abcd", "n": "1", "p": 4, "same": 1, "tree": {"child": {"child": {"v": "x"}}}}"#) == [
            "/first: maxLength 3: has 4 characters",
            "/n: type: expected integer, found string",
            "/p: minimum 5: is less",
            "/same: type: expected string, found integer",
            "/tree/child/child/v: type: expected integer, found string",
        ])
    }

    @Test func infiniteSelfReferenceFailsInsteadOfCrashing() throws {
        let s = try schema(##"{"$ref": "#"}"##)
        #expect(!s.isValid(.null))
        #expect(s.validate(.null).first?.keyword == "$ref")
    }

    @Test func arraysUsePointersWithIndexes() throws {
        let s = try schema(#"{"prefixItems": [{"type": "string"}], "items": {"type": "integer"}, "maxItems": 3}"#)
        #expect(try errors(s, #"["a", 1, 2]"#).isEmpty)
        #expect(try errors(s, #"[1, "b", 2, 3]"#) == [
            ": maxItems 3: has 4 items",
            "/0: type: expected string, found integer",
            "/1: type: expected integer, found string",
        ])
    }

    @Test func annotationsAndUnknownFormatsAreAccepted() throws {
        let s = try schema(#"""
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/s.json",
         "title": "t", "description": "d", "default": 1, "examples": [1], "$comment": "c",
         "format": "uuid"}
        """#)
        #expect(s.isValid(.string("not-a-uuid")))
    }

    @Test func briefExampleMessage() throws {
        let s = try schema(#"{"properties": {"fields": {"properties": {"birthdate": {"format": "date"}}}}}"#)
        let found = s.validate(try json(#"{"fields": {"birthdate": "1990-02-30"}}"#))
        #expect(found == [ValidationError(instancePointer: "/fields/birthdate", keyword: "format",
                                          message: #"format "date": not a calendar date"#)])
        #expect(found.first?.description == #"/fields/birthdate: format "date": not a calendar date"#)
    }

    @Test func messagesNeverContainInstanceValues() throws {
        let secret = "S3cr3t-Customer-Value"
        let s = try schema(#"""
        {"type": "object", "properties": {
          "a": {"type": "integer"}, "b": {"enum": ["x"]}, "c": {"const": "y"}, "d": {"pattern": "^z$"},
          "e": {"maxLength": 2}, "f": {"format": "date"}, "g": {"format": "email"}, "h": {"format": "date-time"},
          "i": {"not": {"type": "string"}}, "j": {"anyOf": [{"type": "integer"}]}}}
        """#)
        var members: [String: JSONValue] = [:]
        for key in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"] { members[key] = .string(secret) }
        let found = s.validate(.object(members))
        #expect(found.count == 10)
        for error in found {
            #expect(!error.description.contains(secret), "message leaks the value: keyword \(error.keyword)")
        }
    }
}
