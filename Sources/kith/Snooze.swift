import ArgumentParser
import Foundation
import KithCore
import KithStore

struct Snooze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze", abstract: "Leave someone out of digests for a while.")

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
        let config = try common.loadConfig()
        let person = try findPerson(name, in: config)
        let store = try common.openStore(for: config)
        if off {
            let had = try common.store { () throws(StoreError) in try store.unsnooze(personKey: person.key) }
            Output.out(had ? "\(person.name) is back in the digests.\n" : "\(person.name) was not snoozed.\n")
        } else {
            let today = ZoneClock(timeZone: config.timeZone).local(Date()).date
            let until = try Cadence.parse(duration!).get().after(today)  // validate() checked it
            try common.store { () throws(StoreError) in
                try store.snooze(personKey: person.key, personName: person.name, until: until)
            }
            Output.out("\(person.name) is left out of digests until \(until).\n")
        }
    }
}
