import PersonaEmulator
import Testing

/// How the emulator reads a create body: the project's strict JSON parser, keys in any
/// inflection, and what that parser refuses answered as any other malformed body.
@Suite("Create body JSON")
struct RequestJSONTests {
    /// Under 2023-01-05, whose create schema lets `data.attributes` carry unlisted keys such as
    /// the `x` these bodies nest arrays in.
    private static func create(_ body: [UInt8]) async -> EmulatorRequestHarness.Answer {
        await EmulatorRequestHarness().answer(
            method: "POST", target: "/api/v1/inquiries",
            headers: [("Authorization", "Bearer " + EmulatorRequestHarness.apiKey), ("Persona-Version", "2023-01-05")],
            body: body)
    }

    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// A create body whose attributes hold `extra` after a valid template id.
    private static func body(_ extra: [UInt8]) -> [UInt8] {
        bytes(#"{"data":{"attributes":{"template-id":"tmpl_a","#) + extra + bytes("}}}")
    }

    /// An array nested `levels` deep (an attribute of its own: three levels below the root).
    private static func nested(_ levels: Int) -> [UInt8] {
        bytes(#""x":"#) + [UInt8](repeating: UInt8(ascii: "["), count: levels) + [UInt8](repeating: UInt8(ascii: "]"), count: levels)
    }

    /// A body named by what is wrong with it (the name is what a test report shows).
    struct Refusal: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var body: [UInt8]
    }

    private static let refusals = [
        Refusal(testDescription: "a repeated key", body: body(bytes(#""template-id":"tmpl_b""#))),
        Refusal(testDescription: "one key in two inflections", body: body(bytes(#""templateId":"tmpl_a""#))),
        Refusal(testDescription: "invalid UTF-8", body: body(bytes(#""note":""#) + [0xFF, UInt8(ascii: "\"")])),
        Refusal(testDescription: "nesting deeper than 64", body: body(nested(64))),
        Refusal(testDescription: "a number with a leading zero", body: body(bytes(#""x":060"#))),
    ]

    @Test("a body that is well-formed but not strict JSON is a 400", arguments: refusals)
    func strictParserRefusals(_ refusal: Refusal) async {
        let answer = await Self.create(refusal.body)
        #expect(answer.status == 400)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("The request body is not valid JSON"))
    }

    @Test("the same body within the limits is a 201")
    func withinTheLimits() async {
        #expect(await Self.create(Self.body(Self.nested(61))).status == 201)
    }

    @Test("fields come back in key order, whatever the order they were sent in")
    func fieldOrder() async throws {
        try await withEmulator { client in
            let expected = #""fields":{"birthdate":{"type":"date","value":"1994-04-12"},"name-first":{"type":"string","value":"Jane"},"name-last":{"type":"string","value":"Doe"}}"#
            for fields in [
                #"{"name-first":"Jane","name-last":"Doe","birthdate":"1994-04-12"}"#,
                #"{"name-last":"Doe","birthdate":"1994-04-12","name-first":"Jane"}"#,
            ] {
                let response = try await client.create(Bodies.create(fields: fields))
                #expect(response.status == 201)
                #expect(response.body.contains(expected))
            }
        }
    }
}
