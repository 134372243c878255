import Foundation
import ImportReporting
import Locking
import Testing

@Suite struct RunRateTests {
    private func point(_ second: Int, created: Int, width: Int = 1) -> TimelinePoint {
        TimelinePoint(second: second, width: width, created: created, rateLimited: 0, waiting: 0)
    }

    /// The demo's resumed run said "Average 21.07 inquiries/s, peak 20/s": the average was taken
    /// over the wall clock while the last part-second was in no point of the timeline.
    @Test func theAverageIsTakenOverTheSecondsThePeakIsTakenFrom() {
        var summary = ImportSummary()
        summary.created = 50
        summary.seconds = 2.4
        summary.timeline = [point(0, created: 20), point(1, created: 20), point(2, created: 10)]
        #expect(summary.peakRate == 20)
        #expect(abs(summary.averageRate - 50.0 / 3) < 1e-9)
        #expect(summary.averageRate <= summary.peakRate)
        summary.timeline = [point(0, created: 40, width: 2), point(2, created: 10)]
        #expect(summary.averageRate <= summary.peakRate, "merged points too")
    }

    @Test func withoutATimelineTheAverageIsOverTheRun() {
        var summary = ImportSummary()
        summary.created = 30
        summary.seconds = 3
        #expect(summary.averageRate == 10)
    }

    /// A run shorter than a second still has a timeline that holds its creates.
    @Test func theMonitorsTimelineHoldsEveryCreateIncludingTheLastPartSecond() {
        let created = Locked(0)
        let monitor = RunMonitor(
            sources: .init(
                read: { (0, 0, 0) }, recorded: { (created.withLock { $0 }, 0) }, rateLimited: { 0 }, waiting: { nil }),
            planned: nil, allowedRate: 100, interval: nil, report: nil)
        created.withLock { $0 = 7 }
        let timeline = monitor.finish()
        #expect(timeline.reduce(0) { $0 + $1.created } == 7)
        var summary = ImportSummary()
        summary.created = 7
        summary.seconds = 0.2
        summary.timeline = timeline
        #expect(summary.averageRate <= summary.peakRate)
    }
}
