public import Foundation
public import KithCore
public import KithMail
public import KithReplies
public import KithStore
public import Logging

/// One capture pass over the owner's mailbox (docs/replies.md): the Sent folder's new messages
/// record contact with the people they were written to; INBOX's new messages record who wrote
/// (for "They wrote to you") and apply the commands in replies to digests, each once, flag them
/// `\Seen $KithDone` and mail a confirmation. `kith scan` runs it, and the daemon through it.
public struct MailboxScanner: Sendable {
    public struct Outcome: Sendable {
        public var folder: String
        public var messages: Int
        /// The contacts found, new or not (a dry run records none).
        public var contacts: [MailCapture.Contact]
        /// How many of them were new and recorded.
        public var recorded: Int
        public var backfilled: Bool
        /// Messages read in INBOX, and those from people among them.
        public var inboxMessages: Int = 0
        public var incoming: [Inbox.Incoming] = []
        /// The command messages found, with what each line did (or, in a dry run, would do).
        public var replies: [(messageID: String, lines: [ReplyCommands.Line])] = []
        /// Confirmations sent in this pass.
        public var confirmed = 0
    }

    /// The folder name INBOX's scan state is kept under.
    static let inboxFolder = "INBOX"

    let store: Store
    let client: IMAPClient
    let transport: SMTPTransport
    let logger: Logger

    public init(store: Store, client: IMAPClient, transport: SMTPTransport, logger: Logger) {
        self.store = store
        self.client = client
        self.transport = transport
        self.logger = logger
    }

    /// - Parameters:
    ///   - since: read from this day instead of where the last pass stopped (and record nothing
    ///     about where it stopped).
    ///   - dryRun: find the contacts and commands, record, flag and send nothing.
    public func scan(config: Config, environment: [String: String], now: Date, since: LocalDate? = nil, dryRun: Bool)
        throws -> Outcome
    {
        let endpoint = try IMAPEndpoint.make(config: config, environment: environment)
        guard let settings = config.imap else { throw MailboxError(kind: .configuration, message: "no imap section") }
        let today = ZoneClock(timeZone: config.timeZone).local(now).date
        let folderKey = settings.sentFolder ?? "(\\Sent)"
        let scan = FolderScan(client: client, endpoint: endpoint)
        var sentFolder = settings.sentFolder
        do {
            // The Sent folder: contacts.
            let previous = since == nil ? try store.mailboxState(account: endpoint.account, folder: folderKey) : nil
            let result = try scan.run(
                folder: settings.sentFolder, previous: previous,
                since: since ?? today.adding(days: -settings.backfillDays))
            sentFolder = result.folder
            let contacts = MailCapture.contacts(
                in: result.messages, people: config.people, timeZone: config.timeZone, now: now,
                folder: result.folder, uidValidity: result.uidValidity)
            var recorded = 0
            if !dryRun {
                let interactions = contacts.map { contact in
                    (
                        messageID: contact.messageID, at: contact.at,
                        interaction: Interaction(
                            personKey: contact.personKey, personName: contact.personName, date: contact.date,
                            kind: .mail, note: contact.subject.map { String($0.prefix(200)) }, loggedAt: now)
                    )
                }
                recorded = try store.recordCapture(
                    account: endpoint.account, folder: since == nil ? folderKey : nil,
                    uidValidity: result.uidValidity, lastUID: result.lastUID, contacts: interactions)
            }
            var outcome = Outcome(
                folder: result.folder, messages: result.messages.count, contacts: contacts, recorded: recorded,
                backfilled: result.backfilled)

            // INBOX: who wrote, and replies to digests.
            try readInbox(
                scan, config: config, account: endpoint.account, now: now, since: since, dryRun: dryRun,
                into: &outcome)
            if !dryRun {
                outcome.confirmed = sendConfirmations(config: config, environment: environment)
                try store.recordScan(
                    account: endpoint.account,
                    Store.ScanRecord(
                        at: now, folder: result.folder, messages: result.messages.count + outcome.inboxMessages,
                        recorded: recorded, errorKind: nil, error: nil))
            }
            logger.info(
                "Scanned the mailbox",
                metadata: [
                    "imap.folder": "\(result.folder)", "imap.messages": "\(result.messages.count)",
                    "imap.recorded": "\(recorded)", "imap.inbox_messages": "\(outcome.inboxMessages)",
                    "imap.replies": "\(outcome.replies.count)",
                ])
            return outcome
        } catch let error as MailboxError {
            if !dryRun {
                try? store.recordScan(
                    account: endpoint.account,
                    Store.ScanRecord(
                        at: now, folder: sentFolder, messages: 0, recorded: 0, errorKind: error.kind.rawValue,
                        error: error.message))
            }
            throw error
        }
    }

    private func readInbox(
        _ scan: FolderScan, config: Config, account: String, now: Date, since: LocalDate?, dryRun: Bool,
        into outcome: inout Outcome
    ) throws {
        let clock = ZoneClock(timeZone: config.timeZone)
        let today = clock.local(now).date
        let folder = MailboxScanner.inboxFolder
        let previous = since == nil ? try store.mailboxState(account: account, folder: folder) : nil
        let result = try scan.run(
            folder: folder, previous: previous, since: since ?? today.adding(days: -Store.replyWindowDays))
        outcome.inboxMessages = result.messages.count
        let (incoming, replies) = Inbox.read(
            result.messages, people: config.people, ownerAddresses: config.owner.addresses, now: now,
            folder: folder, uidValidity: result.uidValidity)
        outcome.incoming = incoming

        var done: [Int] = []
        for reply in replies {
            if !dryRun, try store.replyWasApplied(messageID: reply.messageID) {
                done.append(reply.uid)  // another copy of a message already applied
                continue
            }
            guard let digest = try reply.tokens.lazy.compactMap({ try store.digest(token: $0, now: now) }).first
            else {
                continue  // no digest of the last 30 days has this token: not a command, left alone
            }
            let body = MailBody.text(of: try scan.peekMessage(uid: reply.uid, folder: folder))
            let lines = ReplyCommands.read(body, people: config.people, day: clock.local(reply.at).date)
            outcome.replies.append((reply.messageID, lines))
            if dryRun { continue }
            var changes = Store.ReplyChanges()
            var introduced: [String] = []
            for case .success(let action) in lines.map(\.outcome) {
                switch action {
                case .log(let key, let name, let kind, let date, let note):
                    changes.interactions.append(
                        Interaction(
                            personKey: key, personName: name, date: date, kind: kind, note: note, loggedAt: now))
                    if let person = config.people.first(where: { $0.key == key }) {
                        introduced += Introduction.made(by: kind, with: person, note: note, people: config.people)
                    }
                case .snooze(let key, let name, let until):
                    changes.snoozes.append((key, name, until))
                case .skip(let key, _, let day):
                    changes.skips.append((key, day))
                }
            }
            let confirmation = Confirmation(lines: lines)
            var bytes: [UInt8] = []
            if let author = Mailbox(parsing: reply.author) {
                bytes =
                    (try? DigestMail.confirmation(
                        subject: confirmation.subject, text: confirmation.text, html: confirmation.html, to: author,
                        inReplyTo: reply.messageID, digestID: digest.messageID, config: config, date: now))?.bytes ?? []
            }
            if try store.applyReply(
                messageID: reply.messageID, digestDay: digest.date, changes: changes, confirmation: bytes, at: now)
            {
                try store.recordIntroduced(introduced, on: today)
            }
            logger.notice(
                "Applied a reply to the digest",
                metadata: [
                    "digest.date": "\(digest.date)", "reply.lines": "\(lines.count)",
                    "reply.applied": "\(confirmation.applied)",
                ])
            done.append(reply.uid)
        }
        guard !dryRun else { return }
        do {
            try scan.markDone(uids: done, folder: folder)
        } catch {
            // Applied and remembered by Message-ID already: only the flags are missing.
            logger.warning(
                "Could not flag the replies kith applied", metadata: ["imap.error": "\(error.message)"])
        }
        try store.recordIncoming(
            account: account, folder: since == nil ? folder : nil, uidValidity: result.uidValidity,
            lastUID: result.lastUID,
            messages: incoming.map {
                Store.IncomingMail(messageID: $0.messageID, personKey: $0.personKey, at: $0.at, subject: $0.subject)
            })
    }

    /// Sends the confirmations not sent yet. One the server refuses for good is dropped (and
    /// logged); one that fails for now is tried again at the next pass.
    private func sendConfirmations(config: Config, environment: [String: String]) -> Int {
        guard config.smtp != nil, let pending = try? store.unsentConfirmations(), !pending.isEmpty else { return 0 }
        // The settings and the password are read once for all of them; while they are wrong,
        // the confirmations wait for the next pass.
        let server: SMTPEndpoint
        do {
            server = try SMTPEndpoint.make(config: config, environment: environment)
        } catch {
            logger.error("Could not send confirmations", metadata: ["delivery.error": "\(error.message)"])
            return 0
        }
        var sent = 0
        for (messageID, message) in pending {
            do {
                guard !message.isEmpty else {
                    try store.markConfirmed(messageID: messageID, at: Date())
                    continue
                }
                try transport.sendToItsRecipients(message, via: server)
                try store.markConfirmed(messageID: messageID, at: Date())
                sent += 1
            } catch let error as DeliveryError where error.kind == .transient || error.kind == .uncertain {
                logger.warning(
                    "Could not send a confirmation; trying again at the next scan",
                    metadata: ["delivery.error": "\(error.message)"])
                break
            } catch {
                logger.error("Could not send a confirmation; giving it up", metadata: ["error": "\(error)"])
                try? store.markConfirmed(messageID: messageID, at: Date())
            }
        }
        return sent
    }
}
