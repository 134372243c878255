import Foundation
import Hummingbird
import JSON
import PersonaWire

extension EmulatorResponder {
    /// `GET /api/v1/inquiries/{id}`.
    func get(id: String, meta: ResponseContext) -> Response {
        guard let inquiry = core.store.withLock({ $0.inquiry(id: id) }) else {
            return error(.notFound(inquiry: id), meta)
        }
        let body = core.encoder.document(
            inquiry, inflection: meta.inflection, shape: meta.shape,
            included: meta.includeAsked || meta.shape.includesRelatedByDefault)
        return respond(.ok, body: body, meta)
    }

    /// `GET /api/v1/inquiries`: filters, cursor pagination, newest first.
    func list(_ request: Request, meta: ResponseContext) -> Response {
        let parameters = QueryString.parse(request.uri.query)
        let query: ListQuery
        switch ListQuery.parse(parameters) {
        case .failure(let apiError): return error(apiError, meta)
        case .success(let parsed): query = parsed
        }
        let page: ListPage
        switch core.store.withLock({ $0.page(query) }) {
        case .failure(let apiError): return error(apiError, meta)
        case .success(let found): page = found
        }

        // Links are the bare cursor, as Persona documents them
        // (`/api/v1/inquiries?page%5Bafter%5D=inq_…`): no filters, no size. A client that walks
        // `next` as given lists everyone's inquiries on page 2; it must rebuild its own query.
        var writer = JSONWriter(capacity: 2048 * max(1, page.items.count))
        writer.raw("{\"data\":[")
        for (index, inquiry) in page.items.enumerated() {
            if index > 0 { writer.raw(",") }
            core.encoder.write(inquiry, inflection: meta.inflection, shape: meta.shape, into: &writer)
        }
        writer.raw("],\"links\":{\"prev\":")
        if page.hasNewer, let first = page.items.first {
            writer.string("/api/v1/inquiries?" + QueryString.encode(InquiryListParameter.pageBefore) + "=" + first.id.text)
        } else {
            writer.raw("null")
        }
        writer.raw(",\"next\":")
        if page.hasOlder, let last = page.items.last {
            writer.string("/api/v1/inquiries?" + QueryString.encode(InquiryListParameter.pageAfter) + "=" + last.id.text)
        } else {
            writer.raw("null")
        }
        writer.raw("}}")
        return respond(.ok, body: writer.buffer, meta)
    }

    /// `GET /api/v1/rate-limits`.
    func rateLimits(meta: ResponseContext, now: Date) -> Response {
        var writer = JSONWriter(capacity: 256)
        if let rate = meta.rateLimit {
            writer.raw("{\"data\":[{\"type\":\"rate-limit/api\",\"attributes\":{\"limit\":")
            writer.integer(rate.limit)
            writer.raw(",\"remaining\":")
            writer.integer(rate.remaining)
            writer.raw(",")
            writer.key(meta.inflection.convert("seconds-to-reset"))
            writer.integer(rate.resetSeconds)
            writer.raw("}}]}")
        } else {
            writer.raw("{\"data\":[]}")
        }
        return respond(.ok, body: writer.buffer, meta)
    }
}
