/// Which year, month and day numbers name a real day: the one calendar check of the package.
///
/// The `date` and `date-time` formats use it here; RecordMapping's `date` transform uses it
/// too (it depends on this module, which depends on nothing). The proleptic Gregorian calendar,
/// years 1 to 9999: what `YYYY-MM-DD` can write, less year 0, which Persona refuses as a
/// birthdate (ISO 8601's year 0000 is 1 BC).
public enum CalendarDate {
    /// Gregorian leap years: every fourth year, except centuries not divisible by 400.
    @inlinable
    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1–12) of `year`; 0 for a month out of range.
    @inlinable
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        case 1, 3, 5, 7, 8, 10, 12: return 31
        default: return 0
        }
    }

    /// Whether `year`-`month`-`day` is a real calendar day, years 1...9999.
    @inlinable
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...9999).contains(year) && day >= 1 && day <= daysIn(month: month, year: year)
    }
}
