/// Country calling codes for the `phone` transform's `default-country`.
///
/// `trunk` is the national trunk prefix dropped before the calling code is added (`0` in most
/// of Europe, `8` in Russia and Kazakhstan, none where the leading digit is part of the number,
/// as in Italy, Spain or Norway).
enum CallingCodes {
    struct Entry: Sendable {
        let code: String
        let trunk: UInt8?
        /// North American Numbering Plan: 10 national digits, or 11 starting with 1.
        var isNANP: Bool { code == "1" }
    }

    private static let zero = UInt8(ascii: "0")
    private static let eight = UInt8(ascii: "8")

    static let table: [String: Entry] = [
        // North American Numbering Plan
        "US": Entry(code: "1", trunk: nil), "CA": Entry(code: "1", trunk: nil),
        "PR": Entry(code: "1", trunk: nil), "GU": Entry(code: "1", trunk: nil),
        "VI": Entry(code: "1", trunk: nil), "AS": Entry(code: "1", trunk: nil),
        "MP": Entry(code: "1", trunk: nil), "JM": Entry(code: "1", trunk: nil),
        "BS": Entry(code: "1", trunk: nil), "BB": Entry(code: "1", trunk: nil),
        "TT": Entry(code: "1", trunk: nil), "DO": Entry(code: "1", trunk: nil),
        // Europe
        "GB": Entry(code: "44", trunk: zero), "IE": Entry(code: "353", trunk: zero),
        "DE": Entry(code: "49", trunk: zero), "FR": Entry(code: "33", trunk: zero),
        "ES": Entry(code: "34", trunk: nil), "IT": Entry(code: "39", trunk: nil),
        "PT": Entry(code: "351", trunk: nil), "NL": Entry(code: "31", trunk: zero),
        "BE": Entry(code: "32", trunk: zero), "LU": Entry(code: "352", trunk: nil),
        "CH": Entry(code: "41", trunk: zero), "AT": Entry(code: "43", trunk: zero),
        "SE": Entry(code: "46", trunk: zero), "NO": Entry(code: "47", trunk: nil),
        "DK": Entry(code: "45", trunk: nil), "FI": Entry(code: "358", trunk: zero),
        "IS": Entry(code: "354", trunk: nil), "PL": Entry(code: "48", trunk: nil),
        "CZ": Entry(code: "420", trunk: nil), "SK": Entry(code: "421", trunk: zero),
        "HU": Entry(code: "36", trunk: nil), "RO": Entry(code: "40", trunk: zero),
        "BG": Entry(code: "359", trunk: zero), "GR": Entry(code: "30", trunk: nil),
        "HR": Entry(code: "385", trunk: zero), "SI": Entry(code: "386", trunk: zero),
        "RS": Entry(code: "381", trunk: zero), "UA": Entry(code: "380", trunk: zero),
        "EE": Entry(code: "372", trunk: nil), "LV": Entry(code: "371", trunk: nil),
        "LT": Entry(code: "370", trunk: eight), "RU": Entry(code: "7", trunk: eight),
        "TR": Entry(code: "90", trunk: zero), "CY": Entry(code: "357", trunk: nil),
        "MT": Entry(code: "356", trunk: nil),
        // Americas
        "MX": Entry(code: "52", trunk: nil), "BR": Entry(code: "55", trunk: zero),
        "AR": Entry(code: "54", trunk: zero), "CL": Entry(code: "56", trunk: nil),
        "CO": Entry(code: "57", trunk: zero), "PE": Entry(code: "51", trunk: zero),
        "UY": Entry(code: "598", trunk: zero), "CR": Entry(code: "506", trunk: nil),
        // Asia-Pacific, Middle East, Africa
        "AU": Entry(code: "61", trunk: zero), "NZ": Entry(code: "64", trunk: zero),
        "IN": Entry(code: "91", trunk: zero), "JP": Entry(code: "81", trunk: zero),
        "CN": Entry(code: "86", trunk: zero), "KR": Entry(code: "82", trunk: zero),
        "TW": Entry(code: "886", trunk: zero), "SG": Entry(code: "65", trunk: nil),
        "HK": Entry(code: "852", trunk: nil), "MY": Entry(code: "60", trunk: zero),
        "TH": Entry(code: "66", trunk: zero), "PH": Entry(code: "63", trunk: zero),
        "ID": Entry(code: "62", trunk: zero), "VN": Entry(code: "84", trunk: zero),
        "PK": Entry(code: "92", trunk: zero), "IL": Entry(code: "972", trunk: zero),
        "AE": Entry(code: "971", trunk: zero), "SA": Entry(code: "966", trunk: zero),
        "KZ": Entry(code: "7", trunk: eight), "EG": Entry(code: "20", trunk: zero),
        "ZA": Entry(code: "27", trunk: zero), "NG": Entry(code: "234", trunk: zero),
        "KE": Entry(code: "254", trunk: zero), "MA": Entry(code: "212", trunk: zero),
    ]
}
