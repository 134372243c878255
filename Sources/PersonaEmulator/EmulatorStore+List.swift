import Foundation

/// The filters and cursor of `GET /api/v1/inquiries`.
struct ListQuery: Sendable {
    var referenceID: String?
    var accountID: String?
    var inquiryTemplateID: String?
    var statuses: Set<String>?
    var createdAtStart: Date?
    var createdAtEnd: Date?
    var inquiryIDs: Set<String>?
    var size = 10
    var after: String?
    var before: String?

    /// Whether the inquiry at `sequence` passes every filter; the request is unpacked only
    /// for the filters that need it.
    func matches(_ sequence: Int, in store: EmulatorStore) -> Bool {
        let stored = store.inquiries[sequence]
        if let statuses, !statuses.contains(store.status(at: sequence).rawValue) { return false }
        if let createdAtStart, stored.createdAt < createdAtStart.timeIntervalSince1970 { return false }
        if let createdAtEnd, stored.createdAt > createdAtEnd.timeIntervalSince1970 { return false }
        if let inquiryIDs, !inquiryIDs.contains(InquiryID(random: stored.random, sequence: sequence).text) { return false }
        guard referenceID != nil || accountID != nil || inquiryTemplateID != nil else { return true }
        let inquiry = store.view(sequence)
        if let referenceID, inquiry.command.referenceID != referenceID { return false }
        if let accountID, inquiry.accountID != accountID { return false }
        if let inquiryTemplateID,
           inquiry.command.templateKind != .inquiryTemplate || inquiry.command.templateID != inquiryTemplateID { return false }
        return true
    }
}

/// One page, newest first, and whether more lie on either side.
struct ListPage: Sendable {
    var items: [InquiryView]
    var hasOlder: Bool
    var hasNewer: Bool
}

extension EmulatorStore {
    /// The page `query` asks for; an unknown cursor id is a 400.
    func page(_ query: ListQuery) -> Result<ListPage, APIError> {
        // With a reference-id or inquiry-id filter only those inquiries are looked at.
        var candidates: [Int]? = query.referenceID.map { sequences(withReference: $0) }
        if let ids = query.inquiryIDs {
            let named = Set(ids.compactMap { self.sequence(ofID: $0) })
            candidates = candidates.map { $0.filter(named.contains) } ?? named.sorted()
        }
        func sequence(at position: Int) -> Int { candidates?[position] ?? position }
        let count = candidates?.count ?? inquiries.count

        func position(of id: String, parameter: String) -> Result<Int, APIError> {
            guard let target = self.sequence(ofID: id) else {
                return .failure(.badRequest("\(parameter) must be the id of an existing inquiry", pointer: nil))
            }
            // First candidate position whose sequence is >= target.
            var low = 0, high = count
            while low < high {
                let mid = (low + high) / 2
                if sequence(at: mid) < target { low = mid + 1 } else { high = mid }
            }
            return .success(low)
        }

        func anyMatch(in positions: some Sequence<Int>) -> Bool {
            positions.contains { query.matches(sequence(at: $0), in: self) }
        }

        var items: [InquiryView] = []
        items.reserveCapacity(query.size)
        if let before = query.before {
            let start: Int
            switch position(of: before, parameter: "page[before]") {
            case .failure(let error): return .failure(error)
            case .success(let found): start = found < count && sequence(at: found) == self.sequence(ofID: before) ? found + 1 : found
            }
            var cursor = start
            while cursor < count, items.count < query.size {
                if query.matches(sequence(at: cursor), in: self) { items.append(view(sequence(at: cursor))) }
                cursor += 1
            }
            let hasNewer = anyMatch(in: cursor..<count)
            let oldest = start - 1
            let hasOlder = oldest >= 0 && anyMatch(in: stride(from: oldest, through: 0, by: -1))
            return .success(ListPage(items: items.reversed(), hasOlder: hasOlder, hasNewer: hasNewer))
        }
        var cursor = count - 1
        if let after = query.after {
            switch position(of: after, parameter: "page[after]") {
            case .failure(let error): return .failure(error)
            case .success(let found): cursor = found - 1
            }
        }
        let newest = cursor + 1
        while cursor >= 0, items.count < query.size {
            if query.matches(sequence(at: cursor), in: self) { items.append(view(sequence(at: cursor))) }
            cursor -= 1
        }
        let hasOlder = cursor >= 0 && anyMatch(in: stride(from: cursor, through: 0, by: -1))
        let hasNewer = query.after != nil && newest < count && anyMatch(in: newest..<count)
        return .success(ListPage(items: items, hasOlder: hasOlder, hasNewer: hasNewer))
    }
}
