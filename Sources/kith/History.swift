import ArgumentParser
import Foundation
import KithCore
import KithStore

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show the contact recorded for someone.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The person: their name, or a unique start of it.")
    var name: String

    func run() throws {
        let config = try common.loadConfig()
        let person = try findPerson(name, in: config)
        let store = try common.readStore()
        // With what is still recorded under a former name (`aka`), until a writing command moves it.
        var interactions: [Interaction] = []
        for key in person.historyKeys {
            interactions += try common.store { () throws(StoreError) in try store?.interactions(personKey: key) ?? [] }
        }
        if !person.aka.isEmpty { interactions.sort { ($0.date, $0.loggedAt) < ($1.date, $1.loggedAt) } }
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
