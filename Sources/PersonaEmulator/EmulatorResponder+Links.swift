import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension EmulatorResponder {
    /// `GET /verify?code=…` and `GET /v/{code}`: the page a one-time link opens, standing in for
    /// Persona's hosted flow. No API key (the person's browser opens it): 200 the first time
    /// before it expires, 410 once used or expired, 404 for a code never issued. Nil for any
    /// other path.
    func oneTimeLinkPage(_ request: Request, path: String) -> Response? {
        let code: String?
        if path == EmulatorStore.linkPath {
            code = QueryString.parse(request.uri.query).first { $0.name == "code" }?.value
        } else if path.hasPrefix(EmulatorStore.shortLinkPath + "/") {
            code = String(path.dropFirst(EmulatorStore.shortLinkPath.count + 1))
        } else {
            return nil
        }
        guard request.method == .get else { return page(.methodNotAllowed, "Method not allowed") }
        let now = core.configuration.clock.now()
        switch core.store.withLock({ $0.openLink(code: code ?? "", now: now) }) {
        case .opened(let inquiryID):
            return page(.ok, "Verification for \(inquiryID) (persona-emulator: a one-time link, now used)")
        case .alreadyUsed:
            return page(.gone, "This one-time link was already used")
        case .expired:
            return page(.gone, "This one-time link has expired")
        case .unknown:
            return page(.notFound, "No such one-time link")
        }
    }

    private func page(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers.append(HTTPField(name: .contentType, value: "text/plain; charset=utf-8"))
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
