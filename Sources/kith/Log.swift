import ArgumentParser
import Foundation
import KithCore
import KithStore

/// Turns a command-line name into a person of the config, or exits 1 with the candidates.
func findPerson(_ name: String, in config: Config) throws -> Person {
    do {
        return try PersonMatch.find(name, in: config.people)
    } catch {
        Output.error("kith: \(error.message)")
        throw ExitCode(1)
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record that you were in touch with someone; their clock restarts.",
        discussion: "Kinds: \(Interaction.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The person: their name, or a unique start of it (case does not matter).")
    var name: String

    @Option(name: .long, help: "The day it happened, YYYY-MM-DD (default: today).")
    var on: String?

    @Option(name: .long, help: "met, call, message, meet, gave, asked or received (default: message).")
    var kind: String = "message"

    @Option(name: .long, help: "A few words to remember it by.")
    var note: String?

    func validate() throws {
        guard Interaction.Kind(rawValue: kind) != nil else {
            throw ValidationError(
                "\"\(kind)\" is not a kind of contact; use one of: \(Interaction.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if let on, LocalDate(iso: on) == nil {
            throw ValidationError("\"\(on)\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23")
        }
        if let note, note.utf8.contains(0) {
            throw ValidationError("the note contains a NUL character")
        }
    }

    func run() throws {
        let config = try common.loadConfig(failureCode: 78)
        let person = try findPerson(name, in: config)
        let today = ZoneClock(timeZone: config.timeZone).local(Date()).date
        let day = on.flatMap { LocalDate(iso: $0) } ?? today
        guard day <= today else {
            Output.error("kith: \(day) is in the future; log contact once it has happened")
            throw ExitCode(1)
        }
        let store = try common.openStore()
        let kindValue = Interaction.Kind(rawValue: kind)!
        do {
            try store.log(
                Interaction(
                    personKey: person.key, personName: person.name, date: day, kind: kindValue, note: note,
                    loggedAt: Date()))
        } catch {
            Output.error("kith: \(error.message)")
            throw ExitCode(75)
        }
        let last = max(day, DueEngine.lastContact(of: person, state: (try? store.contactState()) ?? .empty) ?? day)
        let next = person.cadence.after(last)
        Output.out(
            "Logged \(kindValue.rawValue) with \(person.name) on \(day). Next due \(next) (\(person.cadence.phrase)).\n"
        )
    }
}

struct Snooze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Leave someone out of digests for a while.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The person: their name, or a unique start of it.")
    var name: String

    @Argument(help: "For how long: e.g. 2w, 10d, 3m.")
    var duration: String?

    @Flag(name: .long, help: "End the snooze now.")
    var off = false

    func validate() throws {
        if off {
            guard duration == nil else { throw ValidationError("give either a duration or --off, not both") }
            return
        }
        guard let duration else { throw ValidationError("give a duration such as 2w, or --off") }
        if case .failure = Cadence.parse(duration) {
            throw ValidationError("\"\(duration)\" is not a duration; use e.g. 10d, 2w, 3m or 1y")
        }
    }

    func run() throws {
        let config = try common.loadConfig(failureCode: 78)
        let person = try findPerson(name, in: config)
        let store = try common.openStore()
        do {
            if off {
                let had = try store.unsnooze(personKey: person.key)
                Output.out(had ? "\(person.name) is back in the digests.\n" : "\(person.name) was not snoozed.\n")
            } else {
                let today = ZoneClock(timeZone: config.timeZone).local(Date()).date
                let until = try Cadence.parse(duration!).get().after(today)
                try store.snooze(personKey: person.key, personName: person.name, until: until)
                Output.out("\(person.name) is left out of digests until \(until).\n")
            }
        } catch let error as StoreError {
            Output.error("kith: \(error.message)")
            throw ExitCode(75)
        }
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the contact recorded for someone.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The person: their name, or a unique start of it.")
    var name: String

    func run() throws {
        let config = try common.loadConfig(failureCode: 78)
        let person = try findPerson(name, in: config)
        let store = try common.openStore()
        let interactions: [Interaction]
        do {
            interactions = try store.interactions(personKey: person.key)
        } catch {
            Output.error("kith: \(error.message)")
            throw ExitCode(75)
        }
        var out = "\(person.name), \(person.cadence.phrase)\n"
        if let met = person.met { out += "  \(met)  met (config)\(person.metAt.map { " at \($0)" } ?? "")\n" }
        if let last = person.lastContact { out += "  \(last)  last contact (config)\n" }
        for interaction in interactions {
            out += "  \(interaction.date)  \(interaction.kind.rawValue)"
            if let note = interaction.note, !note.isEmpty {
                out += ": " + note.replacingOccurrences(of: "\n", with: " ")
            }
            out += "\n"
        }
        if interactions.isEmpty && person.lastContact == nil && person.met == nil {
            out += "  nothing recorded yet; kith log \"\(person.name)\" records contact\n"
        }
        Output.out(out)
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the last digest and its outcome, the next one, and pending retries.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let config = try common.loadConfig(failureCode: 78)
        let store = try common.openStore()
        let clock = ZoneClock(timeZone: config.timeZone)
        let recent: [DigestRecord]
        do {
            recent = try store.recentDigests(limit: 5)
        } catch {
            Output.error("kith: \(error.message)")
            throw ExitCode(75)
        }
        let schedule = DigestSchedule(settings: config.digest, timeZone: config.timeZone)
        let next = schedule.nextSlot(after: Date())
        var out = "Next digest: \(Phrases.longDate(next.date)) at \(config.digest.at) (\(config.timeZone.identifier))\n"
        if recent.isEmpty { out += "No digest recorded yet.\n" }
        for record in recent {
            out += "\(record.date): "
            switch record.state {
            case .sent:
                out += "sent"
                if let at = record.sentAt { out += " at \(clock.local(at).description.suffix(5))" }
                out += record.people.count == 1 ? " (1 person)" : " (\(record.people.count) people)"
            case .empty: out += "nobody due, nothing sent"
            case .pending: out += "recorded, not sent yet"
            case .sending: out += "being sent (attempt \(record.attempts))"
            case .failed:
                out +=
                    "failed (\(record.failureKind ?? "unknown"), \(record.attempts) attempts): \(record.lastError ?? "")"
                if let retry = record.nextAttemptAt {
                    out += "; next attempt \(clock.local(retry).description)"
                }
            }
            out += "\n"
        }
        Output.out(out)
    }
}
