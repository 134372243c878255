import ImportCore

// Deep copies for per-thread state. Two threads that retain and release the same heap object
// (a shared String's storage, an array buffer) bounce its cache line between cores; each
// worker therefore maps with objects of its own.

extension String {
    /// An equal string with storage of its own (small strings have none to share).
    func isolatedCopy() -> String {
        utf8.count <= 15 ? self : String(decoding: Array(utf8), as: UTF8.self)
    }
}

extension InquiryDraft.MetaValue {
    func isolatedCopy() -> InquiryDraft.MetaValue {
        if case .string(let text) = self { return .string(text.isolatedCopy()) }
        return self
    }
}

extension InquiryDraft.Template {
    func isolatedCopy() -> InquiryDraft.Template {
        switch self {
        case .inquiryTemplate(let id): .inquiryTemplate(id.isolatedCopy())
        case .inquiryTemplateVersion(let id): .inquiryTemplateVersion(id.isolatedCopy())
        case .legacyTemplate(let id): .legacyTemplate(id.isolatedCopy())
        }
    }
}

extension TransformChain {
    func isolatedCopy() -> TransformChain {
        TransformChain(trims: trims, defaultValue: defaultValue?.isolatedCopy(), transforms: transforms.map { $0.isolatedCopy() })
    }
}

extension Transform {
    func isolatedCopy() -> Transform {
        switch self {
        case .date(let date):
            .date(DateTransform(patterns: date.patterns.map { DatePattern(text: $0.text.isolatedCopy(), tokens: $0.tokens.map { $0 }) }))
        case .phone(let phone):
            .phone(PhoneTransform(defaultCountry: phone.defaultCountry?.isolatedCopy()))
        default:
            self
        }
    }
}
