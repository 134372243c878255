import JSON
import JSONSchema
import Testing
@testable import RecordMapping

@Suite("date transform")
struct DateTransformTests {
    func transform(_ patterns: String...) throws -> DateTransform {
        DateTransform(patterns: try patterns.map { try DatePattern($0) })
    }

    func value(_ step: TransformStep) -> String? {
        if case .value(let value) = step { return value }
        return nil
    }

    func failure(_ step: TransformStep) -> String? {
        if case .failed(let message) = step { return message }
        return nil
    }

    @Test(arguments: [
        ("MM/dd/yyyy", "04/12/1994", "1994-04-12"),
        ("dd.MM.yyyy", "12.04.1994", "1994-04-12"),
        ("yyyyMMdd", "19940412", "1994-04-12"),
        ("yyyy-MM-dd", "1994-04-12", "1994-04-12"),
        ("M/d/yyyy", "4/2/1994", "1994-04-02"),
        ("M/d/yyyy", "12/25/1994", "1994-12-25"),
        ("MM/dd/yyyy", "02/29/2000", "2000-02-29"),
        ("dd MM yyyy", "31 12 1999", "1999-12-31"),
    ])
    func parsesFormats(pattern: String, input: String, expected: String) throws {
        #expect(value(try transform(pattern).apply(input)) == expected)
    }

    @Test func firstMatchingFormatWins() throws {
        let date = try transform("MM/dd/yyyy", "yyyy-MM-dd")
        #expect(value(date.apply("1994-04-12")) == "1994-04-12")
        #expect(value(date.apply("04/12/1994")) == "1994-04-12")
    }

    @Test func rejectsImpossibleDatesWithoutQuotingThem() throws {
        let date = try transform("MM/dd/yyyy")
        for input in ["02/30/1990", "02/29/1900", "13/01/2000", "00/10/2000", "04/31/2001"] {
            let message = try #require(failure(date.apply(input)))
            #expect(message == "date: not a calendar date")
            #expect(!message.contains(input))
        }
        #expect(value(date.apply("02/29/2004")) == "2004-02-29")
    }

    @Test func rejectsTextThatFitsNoFormat() throws {
        let date = try transform("MM/dd/yyyy", "yyyy-MM-dd")
        for input in ["1994/04/12", "4/12/1994", "04/12/94", "04/12/1994x", "April 12 1994", "04-12-1994"] {
            let message = try #require(failure(date.apply(input)))
            #expect(message == "date: matches none of MM/dd/yyyy, yyyy-MM-dd")
        }
    }

    @Test(arguments: ["yy-MM-dd", "MM/dd", "yyyy-MMM-dd", "yyyy-MM-dd HH", "dd/dd/yyyy", ""])
    func rejectsBadPatterns(pattern: String) {
        #expect(throws: DatePattern.Invalid.self) { try DatePattern(pattern) }
    }

    @Test func calendar() {
        #expect(CalendarDate.isLeap(2000))
        #expect(!CalendarDate.isLeap(1900))
        #expect(CalendarDate.isLeap(2024))
        #expect(CalendarDate.format(year: 987, month: 1, day: 2) == "0987-01-02")
    }

    /// One calendar check: whatever the transform accepts and writes, the schema's `date`
    /// format accepts, and what it refuses as "not a calendar date" the format refuses too.
    @Test func transformAndDateFormatAgreeOnEveryDay() throws {
        let date = try transform("yyyy-MM-dd")
        let format = try JSONSchema(JSONValue.object(["format": .string("date")]))
        for year in [0, 1, 1900, 1999, 2000, 2023, 2024, 2100, 9999] {
            for month in 0...13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    let text = CalendarDate.format(year: year, month: month, day: day)
                    let mapped = value(date.apply(text))
                    #expect((mapped != nil) == format.isValid(.string(text)), "\(text)")
                    #expect((mapped != nil) == CalendarDate.isValid(year: year, month: month, day: day), "\(text)")
                }
            }
        }
    }
}
