extension ISO3166 {
    /// Common names that are not the ISO short name, upper-cased.
    static let aliases: [(String, String)] = [
        ("USA", "US"), ("U.S.A.", "US"), ("U.S.", "US"), ("UNITED STATES", "US"), ("AMERICA", "US"),
        ("UK", "GB"), ("U.K.", "GB"), ("UNITED KINGDOM", "GB"), ("GREAT BRITAIN", "GB"), ("BRITAIN", "GB"),
        ("ENGLAND", "GB"), ("SCOTLAND", "GB"), ("WALES", "GB"), ("NORTHERN IRELAND", "GB"),
        ("RUSSIA", "RU"), ("SOUTH KOREA", "KR"), ("KOREA, SOUTH", "KR"), ("REPUBLIC OF KOREA", "KR"),
        ("NORTH KOREA", "KP"), ("KOREA, NORTH", "KP"), ("IRAN", "IR"), ("SYRIA", "SY"), ("VIETNAM", "VN"),
        ("LAOS", "LA"), ("BOLIVIA", "BO"), ("VENEZUELA", "VE"), ("TANZANIA", "TZ"), ("MOLDOVA", "MD"),
        ("MACEDONIA", "MK"), ("CZECH REPUBLIC", "CZ"), ("TURKEY", "TR"), ("TURKIYE", "TR"),
        ("IVORY COAST", "CI"), ("COTE D'IVOIRE", "CI"), ("COTE D IVOIRE", "CI"), ("CAPE VERDE", "CV"),
        ("SWAZILAND", "SZ"), ("BURMA", "MM"), ("HOLLAND", "NL"), ("THE NETHERLANDS", "NL"),
        ("VATICAN", "VA"), ("VATICAN CITY", "VA"), ("BRUNEI", "BN"), ("MICRONESIA", "FM"),
        ("PALESTINE", "PS"), ("TAIWAN", "TW"), ("DR CONGO", "CD"), ("DRC", "CD"),
        ("DEMOCRATIC REPUBLIC OF THE CONGO", "CD"), ("CONGO-KINSHASA", "CD"),
        ("REPUBLIC OF THE CONGO", "CG"), ("CONGO-BRAZZAVILLE", "CG"), ("EAST TIMOR", "TL"),
        ("FALKLAND ISLANDS", "FK"), ("BRITISH VIRGIN ISLANDS", "VG"), ("US VIRGIN ISLANDS", "VI"),
        ("U.S. VIRGIN ISLANDS", "VI"), ("UAE", "AE"), ("U.A.E.", "AE"), ("CURACAO", "CW"),
        ("REUNION", "RE"), ("ALAND ISLANDS", "AX"), ("SAINT BARTHELEMY", "BL"), ("MACAU", "MO"),
        ("THE BAHAMAS", "BS"), ("THE GAMBIA", "GM"), ("COCOS ISLANDS", "CC"), ("SAINT MARTIN", "MF"),
        ("SINT MAARTEN", "SX"), ("SAINT HELENA", "SH"), ("SAINT VINCENT", "VC"), ("PITCAIRN ISLANDS", "PN"),
        ("HONG KONG SAR", "HK"), ("MACAO SAR", "MO"), ("PEOPLE'S REPUBLIC OF CHINA", "CN"), ("PRC", "CN"),
        ("CARIBBEAN NETHERLANDS", "BQ"), ("SAO TOME", "ST"), ("ST. LUCIA", "LC"), ("ST LUCIA", "LC"),
        ("ST. KITTS AND NEVIS", "KN"), ("ST KITTS AND NEVIS", "KN"), ("BOSNIA", "BA"),
        ("TRINIDAD", "TT"), ("KYRGYZ REPUBLIC", "KG"), ("SLOVAK REPUBLIC", "SK"),
    ]

    /// Upper-cased alpha-2, alpha-3, short name and alias to alpha-2.
    static let index: [String: String] = {
        var index: [String: String] = [:]
        index.reserveCapacity(countries.count * 3 + aliases.count)
        for country in countries {
            index[country.alpha2] = country.alpha2
            index[country.alpha3] = country.alpha2
            index[UTF8Text.lookupKey(country.name)] = country.alpha2
        }
        for (alias, alpha2) in aliases where index[alias] == nil {
            index[alias] = alpha2
        }
        return index
    }()

    /// The alpha-2 code for a country name, alpha-3 or alpha-2 code (any case), or nil.
    static func alpha2(for value: String) -> String? {
        table.value(for: value)
    }

    /// `index` with a fast path for short ASCII values.
    static let table = LookupTable(index)
}
