/// What the emulator has seen, as `GET /__emulator/stats` returns it (kebab-case keys).
///
/// Keys are only ever added; a document from an older emulator without them decodes with 0
/// (see `EmulatorStats+Decoding.swift`).
public struct EmulatorStats: Sendable, Equatable, Codable {
    /// Faults injected, per kind.
    public struct Faults: Sendable, Equatable, Codable {
        /// `--fault-5xx`.
        public var serverError: Int
        /// `--drop-before`.
        public var dropBefore: Int
        /// `--drop-after-commit`.
        public var dropAfterCommit: Int
        /// `--fault-5xx-after-commit`.
        public var serverErrorAfterCommit: Int
        /// `--fault-5xx-stored`, both halves (replays of a stored 500 count as replays, not here).
        public var serverErrorStored: Int
        /// The `--fault-5xx-stored` faults that struck after the inquiry was created (a subset of
        /// ``serverErrorStored``).
        public var serverErrorStoredAfterCommit: Int

        /// Creates fault counts.
        public init(
            serverError: Int = 0, dropBefore: Int = 0, dropAfterCommit: Int = 0, serverErrorAfterCommit: Int = 0,
            serverErrorStored: Int = 0, serverErrorStoredAfterCommit: Int = 0
        ) {
            self.serverError = serverError
            self.dropBefore = dropBefore
            self.dropAfterCommit = dropAfterCommit
            self.serverErrorAfterCommit = serverErrorAfterCommit
            self.serverErrorStored = serverErrorStored
            self.serverErrorStoredAfterCommit = serverErrorStoredAfterCommit
        }

        /// The wire names.
        public enum CodingKeys: String, CodingKey {
            case serverError = "5xx"
            case dropBefore = "drop-before"
            case dropAfterCommit = "drop-after-commit"
            case serverErrorAfterCommit = "5xx-after-commit"
            case serverErrorStored = "5xx-stored"
            case serverErrorStoredAfterCommit = "5xx-stored-after-commit"
        }
    }

    /// A reference-id held by more than one inquiry.
    public struct DuplicateReference: Sendable, Equatable, Codable {
        /// The reference-id.
        public var referenceID: String
        /// The inquiries holding it, oldest first.
        public var inquiryIDs: [String]

        /// Creates an entry.
        public init(referenceID: String, inquiryIDs: [String]) {
            self.referenceID = referenceID
            self.inquiryIDs = inquiryIDs
        }

        /// The wire names.
        public enum CodingKeys: String, CodingKey {
            case referenceID = "reference-id"
            case inquiryIDs = "inquiry-ids"
        }
    }

    /// API requests received (`/api/...`), whatever became of them.
    public var requests: Int
    /// Responses sent, by status code (as a string key, e.g. `"201"`). Dropped connections are
    /// not responses.
    public var responses: [String: Int]
    /// 429 answers (the rate limit, and the creation quota unless it answers 403).
    public var rateLimited: Int
    /// Creates refused by the creation quota, whatever their status (429 or 403).
    public var quotaExceeded: Int
    /// Idempotent replays.
    public var replays: Int
    /// Idempotency-Key reuses with other parameters (409).
    public var conflicts: Int
    /// Faults injected.
    public var faults: Faults
    /// Inquiries created.
    public var inquiriesCreated: Int
    /// The most API requests in progress at once.
    public var maxConcurrentRequests: Int
    /// Every reference-id with more than one inquiry.
    public var duplicateReferenceIDs: [DuplicateReference]
    /// Authenticated API requests by the `Persona-Version` they named (`default` for none).
    public var requestsByVersion: [String: Int]

    /// Creates stats.
    public init(
        requests: Int = 0, responses: [String: Int] = [:], rateLimited: Int = 0, replays: Int = 0,
        conflicts: Int = 0, faults: Faults = Faults(), inquiriesCreated: Int = 0, maxConcurrentRequests: Int = 0,
        duplicateReferenceIDs: [DuplicateReference] = [], quotaExceeded: Int = 0, requestsByVersion: [String: Int] = [:]
    ) {
        self.requestsByVersion = requestsByVersion
        self.requests = requests
        self.responses = responses
        self.rateLimited = rateLimited
        self.quotaExceeded = quotaExceeded
        self.replays = replays
        self.conflicts = conflicts
        self.faults = faults
        self.inquiriesCreated = inquiriesCreated
        self.maxConcurrentRequests = maxConcurrentRequests
        self.duplicateReferenceIDs = duplicateReferenceIDs
    }

    /// The wire names.
    public enum CodingKeys: String, CodingKey {
        case requests
        case responses
        case rateLimited = "rate-limited"
        case quotaExceeded = "quota-exceeded"
        case replays
        case conflicts
        case faults
        case inquiriesCreated = "inquiries-created"
        case maxConcurrentRequests = "max-concurrent-requests"
        case duplicateReferenceIDs = "duplicate-reference-ids"
        case requestsByVersion = "requests-by-version"
    }
}
