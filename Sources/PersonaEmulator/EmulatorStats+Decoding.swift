/// Decoding that tolerates a stats document from an older emulator: keys added since
/// (`quota-exceeded`, `requests-by-version`, `faults.5xx-stored`, `faults.5xx-stored-after-commit`) default to 0.
/// Encoding stays synthesized.
extension EmulatorStats {
    /// Decodes stats; keys added after the first release may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            requests: try container.decode(Int.self, forKey: .requests),
            responses: try container.decode([String: Int].self, forKey: .responses),
            rateLimited: try container.decode(Int.self, forKey: .rateLimited),
            replays: try container.decode(Int.self, forKey: .replays),
            conflicts: try container.decode(Int.self, forKey: .conflicts),
            faults: try container.decode(Faults.self, forKey: .faults),
            inquiriesCreated: try container.decode(Int.self, forKey: .inquiriesCreated),
            maxConcurrentRequests: try container.decode(Int.self, forKey: .maxConcurrentRequests),
            duplicateReferenceIDs: try container.decode([DuplicateReference].self, forKey: .duplicateReferenceIDs),
            quotaExceeded: try container.decodeIfPresent(Int.self, forKey: .quotaExceeded) ?? 0,
            requestsByVersion: try container.decodeIfPresent([String: Int].self, forKey: .requestsByVersion) ?? [:])
    }
}

extension EmulatorStats.Faults {
    /// Decodes fault counts; the `5xx-stored` counts may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            serverError: try container.decode(Int.self, forKey: .serverError),
            dropBefore: try container.decode(Int.self, forKey: .dropBefore),
            dropAfterCommit: try container.decode(Int.self, forKey: .dropAfterCommit),
            serverErrorAfterCommit: try container.decode(Int.self, forKey: .serverErrorAfterCommit),
            serverErrorStored: try container.decodeIfPresent(Int.self, forKey: .serverErrorStored) ?? 0,
            serverErrorStoredAfterCommit: try container.decodeIfPresent(Int.self, forKey: .serverErrorStoredAfterCommit) ?? 0)
    }
}
