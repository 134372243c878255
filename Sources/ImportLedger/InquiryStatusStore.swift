/// An inquiry's status as Persona reported it, and when it changed there.
public struct InquiryStatusRecord: Sendable, Equatable {
    /// `inq_…`.
    public var inquiryID: String
    /// `created`, `pending`, `completed`, … (any string: Persona may add statuses).
    public var status: String
    /// When Persona changed it (the inquiry's `updated-at`, or an event's `created-at`),
    /// seconds since 1970.
    public var changedAt: Double

    public init(inquiryID: String, status: String, changedAt: Double) {
        self.inquiryID = inquiryID
        self.status = status
        self.changedAt = changedAt
    }

    /// The funnel's name for created rows whose status was never read.
    public static let unknownStatus = "unknown"

    /// Statuses after which an inquiry no longer changes: `follow` stops reading them.
    public static let finalStatuses: Set<String> = ["approved", "declined", "failed", "expired"]

    /// The order of the funnel, for the reports and for ties (see ``supersedes(_:)``).
    public static let funnelOrder = ["created", "pending", "completed", "needs_review", "approved", "declined", "failed", "expired"]

    /// Whether this report replaces `held` (nil: nothing held yet). Reports arrive repeated and
    /// out of order (webhooks may be delivered twice, late, or after a `follow` read): an older
    /// report changes nothing; at the same time, the status further along the funnel wins, so
    /// that `completed` and `approved` stamped in one second settle on `approved` whichever
    /// comes last. A repeat of what is held changes nothing.
    public func supersedes(_ held: InquiryStatusRecord?) -> Bool {
        guard let held else { return true }
        if changedAt != held.changedAt { return changedAt > held.changedAt }
        return Self.rank(status) > Self.rank(held.status)
    }

    private static func rank(_ status: String) -> Int {
        switch status {
        case "created": 0
        case "pending": 1
        case "completed": 2
        case "needs_review": 3
        case "approved", "declined", "failed", "expired": 4
        default: 1  // a status Persona added: after created, before any decision
        }
    }
}

/// Each created inquiry's status as Persona last reported it: what `follow` and the webhook
/// receiver write. It lives beside the rows, not in them: the exactly-once states of
/// ``RowWrite`` are untouched, and a writer needs no run's lock.
public protocol InquiryStatusStore: AnyObject, Sendable {
    /// Records the reports that supersede what is held (``InquiryStatusRecord/supersedes(_:)``),
    /// in one transaction; returns how many changed something.
    func recordStatuses(_ records: [InquiryStatusRecord], now: Double) throws(LedgerError) -> Int

    /// The inquiry ids of `job`'s created rows whose status is not final or not known yet, in
    /// record order.
    func inquiriesToFollow(job: Int64) throws(LedgerError) -> [String]

    /// The status held for each of `job`'s created rows, by inquiry id (absent: none known yet).
    func statuses(job: Int64) throws(LedgerError) -> [String: InquiryStatusRecord]

    /// `job`'s created rows by status; ``InquiryStatusRecord/unknownStatus`` for those no status was read for yet.
    func statusFunnel(job: Int64) throws(LedgerError) -> [String: Int]
}


