import ArgumentParser
import Foundation
import KithCore
import KithDaemon
import KithMail
import KithStore
import Logging

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the Sent folder once now and record contact with everyone you wrote to.",
        discussion: """
            Reads header fields only (BODY.PEEK), never a body, and changes nothing in the mailbox. The \
            first scan reads the last imap.backfillDays days; later ones only what is new. Each message \
            counts once per person. Exit codes: 0 done, 75 the server could not be reached (try again), \
            78 the imap settings are wrong.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var logging: LoggingOptions

    @Flag(name: .long, help: "Show what would be recorded; record nothing.")
    var dryRun = false

    @Option(name: .long, help: "Read the messages sent since this day, YYYY-MM-DD, instead of the new ones.")
    var since: String?

    func validate() throws {
        if let since, LocalDate(iso: since) == nil {
            throw ValidationError("\"\(since)\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = logging.bootstrap(label: "kith.scan")
        let config = try common.loadConfig()
        guard config.imap != nil else {
            Output.error("kith: the config has no \"imap\" section; add one with at least \"url\" to read your mailbox")
            throw ExitCode(.configuration)
        }
        let store = try common.openStore()
        let scanner = MailboxScanner(store: store, client: IMAPClient(logger: logger), logger: logger)
        let outcome: MailboxScanner.Outcome
        do {
            outcome = try scanner.scan(
                config: config, environment: environment, now: Date(), since: since.flatMap { LocalDate(iso: $0) },
                dryRun: dryRun)
        } catch let error as MailboxError {
            Output.error("kith: the mailbox was not read: \(error.message)")
            throw ExitCode(error.kind == .configuration ? .configuration : .temporaryFailure)
        } catch let error as StoreError {
            Output.error("kith: \(error.message)")
            throw ExitCode(error.exitStatus)
        }
        var out = "Read \(outcome.messages) new message\(outcome.messages == 1 ? "" : "s") in \(outcome.folder)"
        out += outcome.backfilled ? " (the first scan: back to \(config.imap!.backfillDays) days ago)" : ""
        out += dryRun ? "; would record" : "; recorded \(outcome.recorded) contact\(outcome.recorded == 1 ? "" : "s")"
        out += outcome.contacts.isEmpty ? ".\n" : ":\n"
        for contact in outcome.contacts {
            out += "  \(contact.date)  \(contact.personName)"
            if let subject = contact.subject, !subject.isEmpty { out += ": " + UserText.escaped(subject, limit: 80) }
            out += "\n"
        }
        Output.out(out)
    }
}
