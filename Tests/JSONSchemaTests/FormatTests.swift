import Testing
import JSONSchema

/// `format` assertions for date, date-time and email, beyond the conformance suite.
@Suite struct FormatTests {
    @Test(arguments: [
        ("2024-02-29", true), ("2023-02-29", false), ("1900-02-29", false), ("2000-02-29", true),
        ("2024-04-31", false), ("2024-12-31", true), ("2024-1-01", false), ("2024-01-01T00:00:00Z", false),
        ("０２０２-01-01", false), ("", false),
    ])
    func date(_ value: String, _ valid: Bool) throws {
        let s = try schema(#"{"format": "date"}"#)
        #expect(s.isValid(.string(value)) == valid)
        if !valid {
            #expect(s.validate(.string(value)).map(\.description) == [#": format "date": not a calendar date"#])
        }
    }

    @Test(arguments: [
        ("2016-12-31T23:59:60Z", true), ("2016-12-31T18:59:60-05:00", true), ("2016-12-31T23:58:60Z", false),
        ("2024-01-01T12:00:00.5+01:30", true), ("2024-01-01 12:00:00Z", false), ("2024-01-01T12:00:00", false),
        ("2024-01-01T12:00:00.Z", false),
    ])
    func dateTime(_ value: String, _ valid: Bool) throws {
        #expect(try schema(#"{"format": "date-time"}"#).isValid(.string(value)) == valid)
    }

    @Test(arguments: [
        ("a.b+c@example.co.uk", true), ("user@localhost", true), ("\"a b\"@x.org", true), ("a@[IPv6:2001:db8::1]", true),
        ("a@b-.com", false), ("a@-b.com", false), ("a@b..com", false), ("a@@b.com", false), ("ab.com", false),
        ("a@[1.2.3]", false), ("jö@example.com", false), ("a@[IPv6:1:2:3:4:5:6:7:8:9]", false),
    ])
    func email(_ value: String, _ valid: Bool) throws {
        #expect(try schema(#"{"format": "email"}"#).isValid(.string(value)) == valid)
    }

    @Test func calendarDateIsTheOneCalendarCheck() throws {
        #expect(CalendarDate.isLeap(2000) && CalendarDate.isLeap(2024) && !CalendarDate.isLeap(1900) && !CalendarDate.isLeap(2023))
        #expect(CalendarDate.daysIn(month: 2, year: 2024) == 29)
        #expect(CalendarDate.daysIn(month: 2, year: 2100) == 28)
        #expect(CalendarDate.daysIn(month: 13, year: 2024) == 0)
        #expect(CalendarDate.isValid(year: 9999, month: 12, day: 31))
        #expect(!CalendarDate.isValid(year: 0, month: 1, day: 1), "year 0 (1 BC) is refused, as Persona refuses it")
        #expect(!CalendarDate.isValid(year: 2023, month: 4, day: 31))
        let date = try schema(#"{"format": "date"}"#)
        #expect(date.isValid(.string("0001-01-01")))
        #expect(!date.isValid(.string("0000-01-01")))
        #expect(try !schema(#"{"format": "date-time"}"#).isValid(.string("0000-01-01T00:00:00Z")))
    }
}
