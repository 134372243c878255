import ImportCore
import Testing

@Suite("rejects file format: the formula guard")
struct RejectsFileFormatTests {
    @Test(arguments: [
        ("=1+2", "'=1+2"), ("+15551234567", "'+15551234567"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("=", "'="),
        // A value that starts with a quote the reader would take off gets a second one.
        ("'=x", "''=x"), ("''", "'''"), ("'-", "''-"),
        // Everything else is written as it is.
        ("Ada", "Ada"), ("", ""), ("'", "'"), ("'s-Hertogenbosch", "'s-Hertogenbosch"), ("a=b", "a=b"),
        (" =x", " =x"), ("é=", "é="), ("O'Brien", "O'Brien"),
    ])
    func guardsFormulaCells(value: String, written: String) {
        #expect(RejectsFileFormat.guarded(value) == written)
        #expect(RejectsFileFormat.unguarded(written) == value, "the guard is undone on input")
    }

    @Test func everyValueSurvivesTheRoundTrip() {
        let pieces = ["", "'", "=", "+", "-", "@", "\t", "\r", "a", "é", "''", "'=", " "]
        for first in pieces {
            for second in pieces {
                for third in pieces {
                    let value = first + second + third
                    #expect(RejectsFileFormat.unguarded(RejectsFileFormat.guarded(value)) == value, "\(Array(value.utf8))")
                }
            }
        }
    }

    @Test func aSpreadsheetThatDropsTheQuoteStillRoundTrips() {
        // Saved without the quote it showed as a text marker: the value itself.
        for value in ["=1+2", "+1555", "-5", "@x"] {
            #expect(RejectsFileFormat.unguarded(value) == value)
        }
    }

    @Test func recognisesARejectsHeader() {
        #expect(RejectsFileFormat.isRejectsHeader(["id", "name", "_line", "_errors"]))
        #expect(RejectsFileFormat.isRejectsHeader(["id", "_errors"]), "a person may delete one of the two")
        #expect(!RejectsFileFormat.isRejectsHeader(["id", "name", "line", "errors"]))
        #expect(RejectsFileFormat.columns == ["_line", "_errors"])
    }
}
