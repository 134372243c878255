/// The body of `GET /api/v1/inquiries`: a page of inquiries, newest first, and cursor links.
public struct InquiryList: Sendable, Equatable, Codable {
    /// Cursor links; `next` is nil on the last page.
    public struct Links: Sendable, Equatable, Codable {
        /// The previous page (path and query), if any.
        public var prev: String?
        /// The next page (path and query, e.g. `/api/v1/inquiries?page%5Bafter%5D=inq_…`), nil on the last page.
        public var next: String?

        /// Creates links.
        public init(prev: String? = nil, next: String? = nil) {
            self.prev = prev
            self.next = next
        }
    }

    /// The page's inquiries.
    public var data: [Inquiry]
    /// The cursor links.
    public var links: Links

    /// Creates a list page.
    public init(data: [Inquiry], links: Links) {
        self.data = data
        self.links = links
    }
}

/// The list query parameter names (before percent-encoding).
public enum InquiryListParameter {
    /// `filter[reference-id]`.
    public static let referenceID = "filter[reference-id]"
    /// `filter[account-id]`.
    public static let accountID = "filter[account-id]"
    /// `filter[inquiry-template-id]`.
    public static let inquiryTemplateID = "filter[inquiry-template-id]"
    /// `filter[status]`.
    public static let status = "filter[status]"
    /// `filter[created-at-start]` (ISO 8601).
    public static let createdAtStart = "filter[created-at-start]"
    /// `filter[created-at-end]` (ISO 8601).
    public static let createdAtEnd = "filter[created-at-end]"
    /// `filter[inquiry-id]` (up to 100 ids, comma-separated).
    public static let inquiryID = "filter[inquiry-id]"
    /// `page[size]`, 1–100, default 10.
    public static let pageSize = "page[size]"
    /// `page[after]`: an inquiry id; the page holds older inquiries.
    public static let pageAfter = "page[after]"
    /// `page[before]`: an inquiry id; the page holds newer inquiries.
    public static let pageBefore = "page[before]"
}
