import Testing
import JSONSchema

/// The keywords the README claims beyond the stored conformance files (which have no
/// `unevaluatedProperties`, `dependentSchemas`, `prefixItems`, `items` or `anchor` file): valid
/// and invalid instances, pointers and messages, and their interplay with the other keywords.
@Suite struct ApplicatorKeywordTests {
    // MARK: unevaluatedProperties

    @Test func unevaluatedPropertiesFalseRejectsWhatNoKeywordEvaluated() throws {
        let s = try schema(#"{"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "unevaluatedProperties": false}"#)
        #expect(try errors(s, #"{"a": 1, "x-b": 2}"#).isEmpty)
        #expect(try errors(s, #"{"a": 1, "b": 2, "c": 3}"#) == [
            "/b: unevaluatedProperties: not allowed",
            "/c: unevaluatedProperties: not allowed",
        ])
        #expect(s.isValid(.array([.integer(1)])), "applies to objects only")
    }

    @Test func unevaluatedPropertiesSeesThroughAllOfRefAndPassingBranchesOnly() throws {
        let s = try schema(##"""
        {"$defs": {"named": {"properties": {"name": {"type": "string"}}}},
         "allOf": [{"$ref": "#/$defs/named"}],
         "anyOf": [{"properties": {"kind": {"const": "person"}, "age": {}}, "required": ["kind"]},
                   {"properties": {"kind": {"const": "company"}, "vat": {}}, "required": ["kind"]}],
         "unevaluatedProperties": false}
        """##)
        #expect(try errors(s, #"{"name": "A", "kind": "person", "age": 3}"#).isEmpty)
        #expect(try errors(s, #"{"name": "A", "kind": "company", "vat": "X"}"#).isEmpty)
        // "vat" is declared only by the branch that fails for a person: not evaluated.
        #expect(try errors(s, #"{"name": "A", "kind": "person", "vat": "X"}"#) == ["/vat: unevaluatedProperties: not allowed"])
    }

    @Test func unevaluatedPropertiesFollowsIfThenElse() throws {
        let s = try schema(#"""
        {"if": {"properties": {"country": {"const": "US"}}, "required": ["country"]},
         "then": {"properties": {"country": {}, "state": {}}},
         "else": {"properties": {"country": {}, "region": {}}},
         "unevaluatedProperties": false}
        """#)
        #expect(try errors(s, #"{"country": "US", "state": "CA"}"#).isEmpty)
        #expect(try errors(s, #"{"country": "GB", "region": "Kent"}"#).isEmpty)
        #expect(try errors(s, #"{"country": "US", "region": "Kent"}"#) == ["/region: unevaluatedProperties: not allowed"])
    }

    @Test func unevaluatedPropertiesSchemaValidatesTheRest() throws {
        let s = try schema(#"{"properties": {"id": {"type": "integer"}}, "unevaluatedProperties": {"type": "string"}}"#)
        #expect(try errors(s, #"{"id": 1, "note": "x"}"#).isEmpty)
        #expect(try errors(s, #"{"id": 1, "note": 2}"#) == ["/note: type: expected string, found integer"])
        // additionalProperties evaluates every member: nothing is left for unevaluatedProperties.
        let covered = try schema(#"{"additionalProperties": true, "unevaluatedProperties": false}"#)
        #expect(try errors(covered, #"{"any": 1}"#).isEmpty)
    }

    // MARK: dependentSchemas

    @Test func dependentSchemasApplyOnlyWhenTheirPropertyIsPresent() throws {
        let s = try schema(#"""
        {"dependentSchemas": {"address-street-1": {"required": ["address-city"],
                                                   "properties": {"address-city": {"minLength": 1}}}}}
        """#)
        #expect(try errors(s, #"{"name": "A"}"#).isEmpty)
        #expect(try errors(s, #"{"address-street-1": "1 Main St", "address-city": "Springfield"}"#).isEmpty)
        #expect(try errors(s, #"{"address-street-1": "1 Main St"}"#) == [#": required: missing property "address-city""#])
        #expect(try errors(s, #"{"address-street-1": "1 Main St", "address-city": ""}"#) == ["/address-city: minLength 1: has 0 characters"])
        #expect(s.isValid(.string("not an object")))
    }

    @Test func dependentSchemasCanForbidAndCountAsEvaluated() throws {
        let forbid = try schema(#"{"dependentSchemas": {"a": false}}"#)
        #expect(try errors(forbid, #"{"b": 1}"#).isEmpty)
        #expect(try errors(forbid, #"{"a": 1}"#) == [": schema false: no value is allowed"])
        let evaluated = try schema(#"{"properties": {"a": {}}, "dependentSchemas": {"a": {"properties": {"b": {}}}}, "unevaluatedProperties": false}"#)
        #expect(try errors(evaluated, #"{"a": 1, "b": 2}"#).isEmpty)
        #expect(try errors(evaluated, #"{"b": 2}"#) == ["/b: unevaluatedProperties: not allowed"])
    }

    @Test func dependentSchemasMustBeAnObjectOfSchemas() {
        #expect(throws: SchemaError.self) { try schema(#"{"dependentSchemas": ["a"]}"#) }
        #expect(throws: SchemaError.self) { try schema(#"{"dependentSchemas": {"a": 1}}"#) }
    }

    // MARK: prefixItems and items

    @Test func prefixItemsCheckPositionsAndLeaveTheRestFree() throws {
        let s = try schema(#"{"prefixItems": [{"type": "string"}, {"type": "integer"}]}"#)
        #expect(try errors(s, #"["a", 1]"#).isEmpty)
        #expect(try errors(s, #"["a"]"#).isEmpty, "a shorter array is fine")
        #expect(try errors(s, #"["a", 1, null, {}]"#).isEmpty, "items after the prefix are unconstrained")
        #expect(try errors(s, #"[1, "a"]"#) == [
            "/0: type: expected string, found integer",
            "/1: type: expected integer, found string",
        ])
        #expect(s.isValid(.string("not an array")))
    }

    @Test func itemsAppliesToEveryElementWithoutPrefixItems() throws {
        let s = try schema(#"{"items": {"type": "string", "maxLength": 2}}"#)
        #expect(try errors(s, "[]").isEmpty)
        #expect(try errors(s, #"["a", "bc"]"#).isEmpty)
        #expect(try errors(s, #"["a", "bcd", 3]"#) == [
            "/1: maxLength 2: has 3 characters",
            "/2: type: expected string, found integer",
        ])
        let none = try schema(#"{"prefixItems": [{}], "items": false}"#)
        #expect(try errors(none, "[1]").isEmpty)
        #expect(try errors(none, "[1, 2]") == ["/1: schema false: no value is allowed"])
    }

    @Test func itemsNestsPointers() throws {
        let s = try schema(#"{"properties": {"rows": {"items": {"items": {"type": "integer"}}}}}"#)
        #expect(try errors(s, #"{"rows": [[1, 2], [3, "x"]]}"#) == ["/rows/1/1: type: expected integer, found string"])
    }

    @Test func arrayKeywordValuesAreChecked() {
        #expect(throws: SchemaError.self) { try schema(#"{"prefixItems": []}"#) }
        #expect(throws: SchemaError.self) { try schema(#"{"prefixItems": {"type": "string"}}"#) }
        #expect(throws: SchemaError.self) { try schema(#"{"items": [{"type": "string"}]}"#) }
    }

    // MARK: $anchor

    @Test func anchorsAreReferencedByName() throws {
        let s = try schema(##"""
        {"$defs": {"code": {"$anchor": "country-code", "type": "string", "pattern": "^[A-Z]{2}$"}},
         "properties": {"home": {"$ref": "#country-code"}, "work": {"$ref": "#country-code"}}}
        """##)
        #expect(try errors(s, #"{"home": "US", "work": "GB"}"#).isEmpty)
        #expect(try errors(s, #"{"home": "us", "work": 1}"#) == [
            #"/home: pattern "^[A-Z]{2}$": does not match"#,
            "/work: type: expected string, found integer",
        ])
    }

    @Test func anchorsResolveAgainstTheEnclosingId() throws {
        let s = try schema(##"""
        {"$id": "https://example.com/root.json",
         "$defs": {"inner": {"$id": "inner.json", "$defs": {"n": {"$anchor": "n", "type": "integer"}}}},
         "properties": {"a": {"$ref": "inner.json#n"}, "b": {"$ref": "https://example.com/inner.json#n"}}}
        """##)
        #expect(try errors(s, #"{"a": 1, "b": 2}"#).isEmpty)
        #expect(try errors(s, #"{"a": "1", "b": "2"}"#) == [
            "/a: type: expected integer, found string",
            "/b: type: expected integer, found string",
        ])
    }

    @Test func badAndUnknownAnchorsFailLoading() throws {
        do {
            _ = try schema(#"{"$defs": {"x": {"$anchor": "1bad"}}}"#)
            Issue.record("expected an invalid anchor name to fail")
        } catch let error as SchemaError {
            #expect(error.kind == .invalidValue)
            #expect(error.schemaPointer == "/$defs/x/$anchor")
        }
        do {
            _ = try schema(##"{"properties": {"a": {"$ref": "#missing"}}}"##)
            Issue.record("expected an undefined anchor to fail")
        } catch let error as SchemaError {
            #expect(error.kind == .unsupported)
            #expect(error.schemaPointer == "/properties/a/$ref")
        }
    }
}
