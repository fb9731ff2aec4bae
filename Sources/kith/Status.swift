import ArgumentParser
import Foundation
import KithCore
import KithStore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the last digest and its outcome, the next one, and pending retries.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let config = try common.loadConfig()
        let clock = ZoneClock(timeZone: config.timeZone)
        let store = try common.readStore()
        let recent = try common.store { () throws(StoreError) in try store?.recentDigests(limit: 5) ?? [] }
        let now = Date()
        let schedule = DigestSchedule(settings: config.digest, timeZone: config.timeZone)
        let next = schedule.nextSlot(after: Date())
        var out = "Next digest: \(schedule.describe(next.instant))\n"
        if recent.isEmpty { out += "No digest recorded yet.\n" }
        for record in recent {
            out += "\(record.date): "
            if Store.isUncertain(record, now: now) {
                out +=
                    "handed to the server, no answer: it may not have arrived (\(record.lastError ?? "the sending process ended")); kith send --force --at \(record.date)T12:00 sends it again\n"
                continue
            }
            switch record.state {
            case .sent:
                out += "sent"
                if let at = record.sentAt { out += " at \(clock.local(at).description.suffix(5))" }
                out += record.people.count == 1 ? " (1 person)" : " (\(record.people.count) people)"
                if !record.refused.isEmpty {
                    out += "; refused by the server for " + record.refused.joined(separator: ", ")
                }
            case .empty: out += "nobody due, nothing sent"
            case .pending: out += "recorded, not sent yet"
            case .uncertain: break  // shown above
            case .sending: out += "being sent (attempt \(record.attempts))"
            case .failed:
                out +=
                    "failed (\(record.failureKind?.rawValue ?? "unknown"), \(record.attempts) attempts): \(record.lastError ?? "")"
                if let retry = record.nextAttemptAt {
                    out += "; next attempt \(clock.local(retry).description)"
                }
            }
            out += "\n"
        }
        if let scan = try common.store({ () throws(StoreError) in try store?.lastScan() }) {
            out += "Last mailbox scan: \(clock.local(scan.at).description)"
            if let error = scan.error {
                out += " failed (\(scan.errorKind ?? "unknown")): \(error)\n"
            } else {
                out += ", \(scan.messages) new message\(scan.messages == 1 ? "" : "s")"
                out += " read in \(scan.folder ?? "Sent") and INBOX, "
                out += "\(scan.recorded) contact\(scan.recorded == 1 ? "" : "s") recorded\n"
            }
        }
        Output.out(out)
    }
}
