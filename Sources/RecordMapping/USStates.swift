/// US states, DC and the inhabited territories, for the `us-state` transform: Persona expects the
/// full name in `address-subdivision` (e.g. `California`).
enum USStates {
    static let all: [(abbreviation: String, name: String)] = [
        ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"), ("CA", "California"),
        ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"), ("FL", "Florida"), ("GA", "Georgia"),
        ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"),
        ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
        ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
        ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"), ("NH", "New Hampshire"),
        ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"), ("NC", "North Carolina"),
        ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"), ("PA", "Pennsylvania"),
        ("RI", "Rhode Island"), ("SC", "South Carolina"), ("SD", "South Dakota"), ("TN", "Tennessee"),
        ("TX", "Texas"), ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"),
        ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
        ("DC", "District of Columbia"),
        ("PR", "Puerto Rico"), ("GU", "Guam"), ("VI", "U.S. Virgin Islands"), ("AS", "American Samoa"),
        ("MP", "Northern Mariana Islands"),
    ]

    static let aliases: [(String, String)] = [
        ("WASHINGTON DC", "DC"), ("WASHINGTON D.C.", "DC"), ("D.C.", "DC"), ("VIRGIN ISLANDS", "VI"),
        ("US VIRGIN ISLANDS", "VI"),
    ]

    /// Upper-cased abbreviation or name to the full name.
    static let index: [String: String] = {
        var index: [String: String] = [:]
        for state in all {
            index[state.abbreviation] = state.name
            index[UTF8Text.lookupKey(state.name)] = state.name
        }
        for (alias, abbreviation) in aliases {
            if let name = index[abbreviation] { index[alias] = name }
        }
        return index
    }()

    /// The full name for an abbreviation or name (any case), or nil.
    static func fullName(for value: String) -> String? {
        table.value(for: value)
    }

    /// `index` with a fast path for short ASCII values.
    static let table = LookupTable(index)
}
