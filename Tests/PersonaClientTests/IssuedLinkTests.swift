import PersonaClient
import Testing

@Suite struct IssuedLinkTests {
    @Test func aCreateAnswersLinkIsReadInAnyInflectionAndNullMeansNone() {
        let kebab = CreateResponse.classify(status: 201, body: Array(#"{"data":{"id":"inq_1"},"meta":{"session-token":null,"one-time-link":"https://x/verify?code=k","one-time-link-short":"https://x/v/k"}}"#.utf8))
        #expect(kebab == .created(inquiryID: "inq_1", link: IssuedLink(url: "https://x/verify?code=k", shortURL: "https://x/v/k")))
        let camel = CreateResponse.classify(status: 201, body: Array(#"{"data":{"id":"inq_2"},"meta":{"oneTimeLink":"https://x/verify?code=c","oneTimeLinkShort":null}}"#.utf8))
        #expect(camel == .created(inquiryID: "inq_2", link: IssuedLink(url: "https://x/verify?code=c", shortURL: nil)))
        let none = CreateResponse.classify(status: 201, body: Array(#"{"data":{"id":"inq_3"},"meta":{"session-token":null,"one-time-link":null,"one-time-link-short":null}}"#.utf8))
        #expect(none == .created(inquiryID: "inq_3", link: nil))
        let noMeta = CreateResponse.classify(status: 201, body: Array(#"{"data":{"id":"inq_4"}}"#.utf8))
        #expect(noMeta == .created(inquiryID: "inq_4"))
    }

    @Test func aLinkNeverShowsItselfInText() {
        let link = IssuedLink(url: "https://x/verify?code=secret", shortURL: "https://x/v/secret")
        #expect(!"\(link)".contains("secret") && !String(reflecting: link).contains("secret"))
        #expect(!"\(CreateResponse.created(inquiryID: "inq_1", link: link))".contains("secret"))
    }
}
