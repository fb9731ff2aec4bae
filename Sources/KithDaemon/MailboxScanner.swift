public import Foundation
public import KithCore
public import KithMail
public import KithStore
public import Logging

/// One capture pass over the owner's Sent folder: the messages since the last pass, the people
/// they were written to, each recorded once as contact of kind `mail`. `kith scan` runs it.
public struct MailboxScanner: Sendable {
    public struct Outcome: Sendable {
        public var folder: String
        public var messages: Int
        /// The contacts found, new or not (a dry run records none).
        public var contacts: [MailCapture.Contact]
        /// How many of them were new and recorded.
        public var recorded: Int
        public var backfilled: Bool
    }

    let store: Store
    let client: IMAPClient
    let logger: Logger

    public init(store: Store, client: IMAPClient, logger: Logger) {
        self.store = store
        self.client = client
        self.logger = logger
    }

    /// - Parameters:
    ///   - since: read from this day instead of where the last pass stopped (and record nothing
    ///     about where it stopped).
    ///   - dryRun: find the contacts, record nothing.
    public func scan(config: Config, environment: [String: String], now: Date, since: LocalDate? = nil, dryRun: Bool)
        throws -> Outcome
    {
        let endpoint = try IMAPEndpoint.make(config: config, environment: environment)
        guard let settings = config.imap else { throw MailboxError(kind: .configuration, message: "no imap section") }
        let today = ZoneClock(timeZone: config.timeZone).local(now).date
        let folderKey = settings.sentFolder ?? "(\\Sent)"
        let previous = since == nil ? try store.mailboxState(account: endpoint.account, folder: folderKey) : nil
        let scan = SentFolderScan(client: client, endpoint: endpoint)
        do {
            let result = try scan.run(
                folder: settings.sentFolder, previous: previous,
                since: since ?? today.adding(days: -settings.backfillDays))
            let contacts = MailCapture.contacts(
                in: result.messages, people: config.people, timeZone: config.timeZone, today: today,
                folder: result.folder, uidValidity: result.uidValidity)
            var recorded = 0
            if !dryRun {
                let interactions = contacts.map { contact in
                    (
                        messageID: contact.messageID,
                        interaction: Interaction(
                            personKey: contact.personKey, personName: contact.personName, date: contact.date,
                            kind: .mail, note: contact.subject.map { String($0.prefix(200)) }, loggedAt: now)
                    )
                }
                recorded = try store.recordCapture(
                    account: endpoint.account, folder: since == nil ? folderKey : nil,
                    uidValidity: result.uidValidity, lastUID: result.lastUID, contacts: interactions)
                try store.recordScan(
                    account: endpoint.account,
                    Store.ScanRecord(
                        at: now, folder: result.folder, messages: result.messages.count, recorded: recorded,
                        errorKind: nil, error: nil))
            }
            logger.info(
                "Scanned the Sent folder",
                metadata: [
                    "imap.folder": "\(result.folder)", "imap.messages": "\(result.messages.count)",
                    "imap.recorded": "\(recorded)",
                ])
            return Outcome(
                folder: result.folder, messages: result.messages.count, contacts: contacts, recorded: recorded,
                backfilled: result.backfilled)
        } catch let error as MailboxError {
            if !dryRun {
                try? store.recordScan(
                    account: endpoint.account,
                    Store.ScanRecord(
                        at: now, folder: settings.sentFolder, messages: 0, recorded: 0, errorKind: error.kind.rawValue,
                        error: error.message))
            }
            throw error
        }
    }
}
