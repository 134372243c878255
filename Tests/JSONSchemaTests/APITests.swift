import Testing
import JSONSchema

@Test func apiCompiles() throws {
    let v = JSONValue.object(["a": .integer(1)])
    #expect(v == .object(["a": .integer(1)]))
}
