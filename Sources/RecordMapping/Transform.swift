/// What one transform step made of a value.
enum TransformStep: Sendable {
    case value(String)
    /// The transform cannot apply; the message names the transform, never the value.
    case failed(String)
}

/// One transform of a field's chain, as written in the mapping file.
enum Transform: Sendable {
    case trim
    case upper
    case lower
    case collapseSpaces
    case date(DateTransform)
    case phone(PhoneTransform)
    case country
    case usState

    /// The names a mapping file may use.
    static let knownNames = ["trim", "upper", "lower", "collapse-spaces", "date", "phone", "country", "us-state", "default"]

    func apply(_ value: String) -> TransformStep {
        switch self {
        case .trim: return .value(UTF8Text.trim(value))
        case .upper: return .value(UTF8Text.upper(value))
        case .lower: return .value(UTF8Text.lower(value))
        case .collapseSpaces: return .value(UTF8Text.collapseSpaces(value))
        case .date(let date): return date.apply(value)
        case .phone(let phone): return phone.apply(value)
        case .country:
            guard let code = ISO3166.alpha2(for: value) else {
                return .failed("country: not an ISO 3166-1 country name, alpha-3 or alpha-2 code")
            }
            return .value(code)
        case .usState:
            guard let name = USStates.fullName(for: value) else {
                return .failed("us-state: not a US state, DC or territory (name or two-letter abbreviation)")
            }
            return .value(name)
        }
    }
}

/// The result of a field's whole chain.
enum ChainOutcome: Sendable {
    case value(String)
    /// Empty after trimming and no default: the field is left out of the request.
    case absent
    case failed(String)
}

/// How one source value becomes a field value: trim (unless turned off), the default when
/// empty, then the transforms in order. An empty value skips the transforms (it is absent).
struct TransformChain: Sendable {
    var trims: Bool = true
    var defaultValue: String?
    var transforms: [Transform] = []

    static let trimOnly = TransformChain()

    @inline(__always)
    func apply(_ raw: String) -> ChainOutcome {
        var value = trims ? UTF8Text.trim(raw) : raw
        if value.isEmpty {
            guard let defaultValue else { return .absent }
            value = defaultValue
        }
        for transform in transforms {
            switch transform.apply(value) {
            case .value(let next): value = next
            case .failed(let message): return .failed(message)
            }
            if value.isEmpty { return .absent }
        }
        return .value(value)
    }
}
