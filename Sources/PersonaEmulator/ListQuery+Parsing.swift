import PersonaWire

extension ListQuery {
    /// The `filter[…]` parameters Persona documents for `GET /api/v1/inquiries`.
    static let knownFilters = [
        InquiryListParameter.referenceID, InquiryListParameter.accountID, InquiryListParameter.inquiryTemplateID,
        InquiryListParameter.status, InquiryListParameter.createdAtStart, InquiryListParameter.createdAtEnd,
        InquiryListParameter.inquiryID,
    ]
    /// The `page[…]` parameters Persona documents.
    static let knownPages = [InquiryListParameter.pageSize, InquiryListParameter.pageAfter, InquiryListParameter.pageBefore]

    /// Reads the list parameters. A `filter[…]` or `page[…]` parameter Persona does not document
    /// is a 400 naming it, so a mistyped reconciliation query (`filter[reference_id]`) fails
    /// loudly instead of listing everything; other unknown parameters are ignored.
    static func parse(_ parameters: [(name: String, value: String)]) -> Result<ListQuery, APIError> {
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
            default:
                if name.hasPrefix("filter[") || name == "filter" {
                    return .failure(unknown(name, known: knownFilters))
                }
                if name.hasPrefix("page[") || name == "page" {
                    return .failure(unknown(name, known: knownPages))
                }
            }
        }
        return .success(query)
    }

    private static func unknown(_ name: String, known: [String]) -> APIError {
        .badRequest("Unknown query parameter '\(name)'; known: " + known.joined(separator: ", "))
    }
}
