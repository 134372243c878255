import Foundation
import Hummingbird
import PersonaWire

extension EmulatorResponder {
    /// `GET /api/v1/inquiries/{id}`.
    func get(id: String, meta: ResponseContext) -> Response {
        guard let inquiry = core.store.withLock({ $0.inquiry(id: id) }) else {
            return error(.notFound(inquiry: id), meta)
        }
        return respond(.ok, body: core.encoder.document(inquiry, inflection: meta.inflection), meta)
    }

    /// `GET /api/v1/inquiries`: filters, cursor pagination, newest first.
    func list(_ request: Request, meta: ResponseContext) -> Response {
        let parameters = QueryString.parse(request.uri.query)
        let query: ListQuery
        switch Self.listQuery(parameters) {
        case .failure(let apiError): return error(apiError, meta)
        case .success(let parsed): query = parsed
        }
        let page: ListPage
        switch core.store.withLock({ $0.page(query) }) {
        case .failure(let apiError): return error(apiError, meta)
        case .success(let found): page = found
        }

        // Links carry every other parameter so walking `next` keeps the filters and size.
        let carried = parameters.filter { $0.name != InquiryListParameter.pageAfter && $0.name != InquiryListParameter.pageBefore }
            .map { "&" + QueryString.encode($0.name) + "=" + QueryString.encode($0.value) }.joined()
        var writer = JSONWriter(capacity: 2048 * max(1, page.items.count))
        writer.raw("{\"data\":[")
        for (index, inquiry) in page.items.enumerated() {
            if index > 0 { writer.raw(",") }
            core.encoder.write(inquiry, inflection: meta.inflection, into: &writer)
        }
        writer.raw("],\"links\":{\"prev\":")
        if page.hasNewer, let first = page.items.first {
            writer.string("/api/v1/inquiries?" + QueryString.encode(InquiryListParameter.pageBefore) + "=" + first.id + carried)
        } else {
            writer.raw("null")
        }
        writer.raw(",\"next\":")
        if page.hasOlder, let last = page.items.last {
            writer.string("/api/v1/inquiries?" + QueryString.encode(InquiryListParameter.pageAfter) + "=" + last.id + carried)
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

    private static func listQuery(_ parameters: [(name: String, value: String)]) -> Result<ListQuery, APIError> {
        var query = ListQuery()
        for (name, value) in parameters {
            switch name {
            case InquiryListParameter.referenceID: query.referenceID = value
            case InquiryListParameter.accountID: query.accountID = value
            case InquiryListParameter.inquiryTemplateID: query.inquiryTemplateID = value
            case InquiryListParameter.status:
                query.statuses = Set(value.split(separator: ",").map { String($0.trimmingSpaces()) })
            case InquiryListParameter.createdAtStart, InquiryListParameter.createdAtEnd:
                guard let date = Timestamp.parse(value) else {
                    return .failure(.badRequest("\(name) must be an ISO 8601 date or date-time"))
                }
                if name == InquiryListParameter.createdAtStart { query.createdAtStart = date } else { query.createdAtEnd = date }
            case InquiryListParameter.inquiryID:
                let ids = value.split(separator: ",").map { String($0.trimmingSpaces()) }
                guard ids.count <= 100 else {
                    return .failure(.badRequest("filter[inquiry-id] takes at most 100 ids"))
                }
                query.inquiryIDs = Set(ids)
            case InquiryListParameter.pageSize:
                guard let size = Int(value), (1...100).contains(size) else {
                    return .failure(.badRequest("page[size] must be an integer between 1 and 100"))
                }
                query.size = size
            case InquiryListParameter.pageAfter: query.after = value
            case InquiryListParameter.pageBefore: query.before = value
            default: continue
            }
        }
        return .success(query)
    }
}
