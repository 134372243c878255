/// A one-time link to an inquiry: a bearer secret (whoever has it can act as the person), so
/// its description never shows it.
public struct OneTimeLink: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var url: String
    public var shortURL: String?
    /// When Persona expires it, seconds since 1970.
    public var expiresAt: Double

    public init(url: String, shortURL: String?, expiresAt: Double) {
        self.url = url
        self.shortURL = shortURL
        self.expiresAt = expiresAt
    }

    public var description: String { "one-time link (not shown)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Persona's default lifetime of a one-time link.
    public static let defaultLifetime: Double = 24 * 3600
}

/// The one-time links of created inquiries: kept beside the rows, like their statuses.
public protocol InquiryLinkStore: AnyObject, Sendable {
    /// Keeps each link, replacing the one held for its inquiry.
    func recordLinks(_ links: [(inquiryID: String, link: OneTimeLink)], now: Double) throws(LedgerError)

    /// The inquiry ids of `job`'s created rows that need a link: every one with `all`, else
    /// those with none or one that expires before `now`, in record order.
    func linkTargets(job: Int64, all: Bool, now: Double) throws(LedgerError) -> [String]

    /// The links held for `job`'s created rows, by inquiry id.
    func links(job: Int64) throws(LedgerError) -> [String: OneTimeLink]
}
