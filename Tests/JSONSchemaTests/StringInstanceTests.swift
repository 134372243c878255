import JSON
import Testing
@testable import JSONSchema

/// `isValid(string:)` (the path without a `JSONValue`, flattened for plain leaves) agrees with
/// `isValid(.string(…))` on schemas of every shape.
@Suite struct StringInstanceTests {
    static let schemas = [
        ##"{"$ref": "#/$defs/a", "$defs": {"a": {"type": "string", "minLength": 2, "maxLength": 3, "pattern": "^[a-z]+$"}}}"##,
        ##"{"$ref": "#/$defs/a", "maxLength": 2, "$defs": {"a": {"type": "string", "minLength": 2}}}"##,
        ##"{"$ref": "#/$defs/a", "type": "integer", "$defs": {"a": {"minLength": 1}}}"##,
        ##"{"type": ["string", "null"], "enum": ["ab", "cd", 1]}"##,
        ##"{"type": "string", "format": "email", "maxLength": 254}"##,
        ##"{"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"}"##,
        ##"{"$ref": "#/$defs/b", "$defs": {"b": false}}"##,
        ##"{"$ref": "#/$defs/b", "$defs": {"b": {"const": "ab"}}}"##,
        ##"{"anyOf": [{"maxLength": 1}, {"pattern": "c"}]}"##,
        ##"{"type": "object", "minLength": 5}"##,
        ##"{"minimum": 3, "maxLength": 1}"##,
        ##"{"$ref": "#"}"##,
        "true", "false", "{}",
    ]
    static let inputs = ["", "a", "ab", "abc", "abcd", "AB", "cd", "é", "ééé", "a@b.co", "1994-04-12", "1994-02-30", "c"]

    @Test(arguments: schemas)
    func agreesWithTheJSONValuePath(_ text: String) throws {
        let schema = try JSONSchema(JSONValue(parsing: Array(text.utf8)))
        for input in Self.inputs {
            #expect(schema.isValid(string: input) == schema.isValid(.string(input)), "input #\(Self.inputs.firstIndex(of: input) ?? -1)")
        }
    }

    @Test func plainLeavesAreFlattened() throws {
        let flat = try JSONSchema(JSONValue(parsing: Array(Self.schemas[0].utf8)))
        #expect(flat.unownedStringValidator.leaf != nil)
        let twoNodes = try JSONSchema(JSONValue(parsing: Array(Self.schemas[1].utf8)))
        #expect(twoNodes.unownedStringValidator.leaf == nil)
        let wrongType = try JSONSchema(JSONValue(parsing: Array(Self.schemas[2].utf8)))
        #expect(wrongType.unownedStringValidator.leaf == nil)
    }
}
