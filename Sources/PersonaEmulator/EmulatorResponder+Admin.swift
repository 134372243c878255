import Foundation
import HTTPTypes
import Hummingbird

extension EmulatorResponder {
    /// `GET /__emulator/stats` and `POST /__emulator/reset` (no auth, not counted).
    func admin(_ request: Request, path: String) -> Response {
        switch (request.method, path) {
        case (.get, "/__emulator/stats"):
            let stats = core.store.withLock { $0.snapshot() }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            guard let data = try? encoder.encode(stats) else { return Response(status: .internalServerError) }
            var headers = HTTPFields()
            headers.append(HTTPField(name: .contentType, value: "application/json; charset=utf-8"))
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        case (.post, "/__emulator/reset"):
            core.reset()
            return Response(status: .noContent)
        default:
            return Response(status: .notFound)
        }
    }
}
