import KithCore
import Testing

/// Which days a contact may be logged on, for `kith log` and `kith-team log` alike.
@Suite struct LogRulesTests {
    let today = LocalDate(iso: "2026-11-23")!

    @Test func todayAndThePastWithinTenYearsAreTaken() {
        for day in ["2026-11-23", "2026-11-22", "2016-11-23"] {
            #expect(LogRules.problem(logging: LocalDate(iso: day)!, with: "Ada", today: today, firstSeen: nil) == nil)
        }
        // Ten years before the person was first seen, not before today.
        let firstSeen = LocalDate(iso: "2020-01-01")!
        #expect(
            LogRules.problem(logging: LocalDate(iso: "2010-01-01")!, with: "Ada", today: today, firstSeen: firstSeen)
                == nil)
    }

    @Test func theFutureAndTheDistantPastAreRefusedWithTheirReason() {
        let future = LogRules.problem(logging: today.adding(days: 1), with: "Ada", today: today, firstSeen: nil)
        #expect(future == "2026-11-24 is in the future; log contact once it has happened")
        let old = LogRules.problem(
            logging: LocalDate(iso: "2009-12-31")!, with: "Ada", today: today, firstSeen: LocalDate(iso: "2020-01-01")!)
        #expect(old == "2009-12-31 is more than 10 years before kith first saw Ada (2020-01-01); check the year")
    }
}
