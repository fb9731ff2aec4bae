import ArgumentParser
import Foundation
import KithCore
import KithDaemon
import KithMail
import KithReplies
import KithStore
import Logging

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Read the mailbox once now: contact from Sent, who wrote from INBOX, replies to digests.",
        discussion: """
            The Sent folder is read by header fields only (BODY.PEEK) and never changed; the first scan \
            reads the last imap.backfillDays days, later ones only what is new, and each message counts \
            once per person. In INBOX, messages from people feed "They wrote to you"; a reply from you \
            to a digest of the last 30 days has its commands applied once, is flagged \\Seen and \
            $KithDone, and is confirmed by mail. Exit codes: 0 done, 75 the server could not be reached \
            (try again), 78 the imap settings are wrong.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var logging: LoggingOptions

    @Flag(name: .long, help: "Show what would be recorded; record nothing.")
    var dryRun = false

    @Option(name: .long, help: "Read the messages sent since this day, YYYY-MM-DD, instead of the new ones.")
    var since: String?

    /// Run by the daemon: print nothing; the daemon logs how the scan went (once per change).
    @Flag(name: .long, help: .hidden)
    var forDaemon = false

    func validate() throws {
        if let since, LocalDate(iso: since) == nil {
            throw ValidationError("\"\(since)\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let logger =
            forDaemon
            ? logging.bootstrapJournal(label: "kith.scan", environment: environment)
            : logging.bootstrap(label: "kith.scan")
        let config = try common.loadConfig()
        guard config.imap != nil else {
            Output.error("kith: the config has no \"imap\" section; add one with at least \"url\" to read your mailbox")
            throw ExitCode(.configuration)
        }
        let store = try common.openStore(for: config)
        let scanner = MailboxScanner(
            store: store, client: IMAPClient(logger: logger), transport: SMTPTransport(logger: logger), logger: logger)
        let outcome: MailboxScanner.Outcome
        do {
            outcome = try scanner.scan(
                config: config, environment: environment, now: Date(), since: since.flatMap { LocalDate(iso: $0) },
                dryRun: dryRun)
        } catch let error as MailboxError {
            if !forDaemon { Output.error("kith: the mailbox was not read: \(error.message)") }
            throw ExitCode(error.kind == .configuration ? .configuration : .temporaryFailure)
        } catch let error as StoreError {
            if !forDaemon { Output.error("kith: \(error.message)") } else { logger.error("\(error.message)") }
            throw ExitCode(error.exitStatus)
        }
        if forDaemon { return }
        var out = "Read \(outcome.messages) new message\(outcome.messages == 1 ? "" : "s") in \(outcome.folder)"
        out += outcome.backfilled ? " (the first scan: back to \(config.imap!.backfillDays) days ago)" : ""
        out += dryRun ? "; would record" : "; recorded \(outcome.recorded) contact\(outcome.recorded == 1 ? "" : "s")"
        out += outcome.contacts.isEmpty ? ".\n" : ":\n"
        for contact in outcome.contacts {
            out += "  \(contact.date)  \(contact.personName)"
            if let subject = contact.subject, !subject.isEmpty { out += ": " + UserText.escaped(subject, limit: 80) }
            out += "\n"
        }
        out += "Read \(outcome.inboxMessages) new message\(outcome.inboxMessages == 1 ? "" : "s") in INBOX"
        out += outcome.incoming.isEmpty ? ".\n" : "; from people you know:\n"
        let names = Dictionary(config.people.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        for message in outcome.incoming {
            out +=
                "  \(ZoneClock(timeZone: config.timeZone).local(message.at).date)  \(names[message.personKey] ?? message.personKey)"
            if let subject = message.subject, !subject.isEmpty { out += ": " + UserText.escaped(subject, limit: 80) }
            out += "\n"
        }
        for reply in outcome.replies {
            out += dryRun ? "A reply to a digest; it would be applied:\n" : "Applied a reply to a digest:\n"
            for line in reply.lines {
                out += "  \(UserText.quoted(line.text)): \(Confirmation.describe(line.outcome))\n"
            }
        }
        if outcome.confirmed > 0 {
            out += "Sent \(outcome.confirmed) confirmation\(outcome.confirmed == 1 ? "" : "s").\n"
        }
        Output.out(out)
    }
}
