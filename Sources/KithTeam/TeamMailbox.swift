public import Foundation
import KithCore
import KithMail
import KithReplies
import KithStore
public import Logging

/// The team mailbox: members reply to their digests (its `Reply-To` is `imap.address`) with the
/// same one-line commands as in single-user mode. One pass reads the new messages of its INBOX
/// (EXAMINE, header fields, `BODY.PEEK`), finds each reply's digest by its token, checks that it
/// comes from that digest's member, applies the commands to that member once (keyed by
/// Message-ID, in one transaction with the confirmation), flags it `\Seen $KithDone` and sends
/// the confirmations. One instance at a time: the pass holds an advisory lock, and another
/// instance that finds it taken skips its turn.
public final class TeamMailbox: @unchecked Sendable {
    // @unchecked: used from one queue at a time (the daemon's), or one test.
    private let store: TeamStore
    private let client: IMAPClient
    private let transport: SMTPTransport
    private let logger: Logger
    private let environment: [String: String]
    static let folder = "INBOX"

    public struct Report: Sendable, Equatable {
        public var messages = 0
        public var applied = 0
        public var confirmed = 0
        /// False when another instance held the mailbox.
        public var ran = true
    }

    public init(store: TeamStore, logger: Logger, environment: [String: String]) {
        self.store = store
        self.client = IMAPClient(logger: logger)
        self.transport = SMTPTransport(logger: logger)
        self.logger = logger
        self.environment = environment
    }

    public func pass(members: [String: TeamMember], now: Date = Date()) throws -> Report {
        guard let any = members.values.first, any.config.imap != nil else { return Report() }
        let locked = try store.db.execute("SELECT pg_try_advisory_lock(7040000002)")[0, 0] == "t"
        guard locked else { return Report(ran: false) }
        defer { _ = try? store.db.execute("SELECT pg_advisory_unlock(7040000002)") }

        let endpoint = try IMAPEndpoint.make(config: any.config, environment: environment)
        let scan = FolderScan(client: client, endpoint: endpoint)
        let previous = try store.mailboxState(account: endpoint.account, folder: Self.folder)
        let today = ZoneClock(timeZone: TimeZone(identifier: "UTC")!).local(now).date
        let result = try scan.run(
            folder: Self.folder, previous: previous, since: today.adding(days: -Store.replyWindowDays))
        var report = Report(messages: result.messages.count)
        let owners = members.values.flatMap(\.config.owner.addresses)
        let (_, replies) = Inbox.read(
            result.messages, people: [], ownerAddresses: owners, now: now, folder: Self.folder,
            uidValidity: result.uidValidity)
        var done: [Int] = []
        for reply in replies {
            if try store.replyWasApplied(messageID: reply.messageID) {
                done.append(reply.uid)
                continue
            }
            // The digest the reply answers, and it must come from that digest's member.
            guard let digest = try reply.tokens.lazy.compactMap({ try self.store.digest(token: $0) }).first,
                let member = members[digest.member], let author = Mailbox(parsing: reply.author),
                member.config.owner.addresses.contains(where: { $0.lowercased() == author.address.lowercased() })
            else { continue }  // not a command to kith: left alone
            let config = member.config
            let body = MailBody.text(of: try scan.peekMessage(uid: reply.uid, folder: Self.folder))
            let lines = ReplyCommands.read(
                body, people: config.people, day: ZoneClock(timeZone: config.timeZone).local(reply.at).date)
            var changes = TeamStore.ReplyChanges()
            for case .success(let action) in lines.map(\.outcome) {
                switch action {
                case .log(let key, _, let kind, let date, let note):
                    let email = config.people.first { $0.key == key }?.addresses.first
                    changes.interactions.append((key, email, date, kind, note))
                case .snooze(let key, _, let until):
                    changes.snoozes.append((key, until))
                case .skip(let key, _, let day):
                    // Left out of that day's digest and the next, the clock unchanged: a short snooze.
                    changes.snoozes.append((key, day.adding(days: 2)))
                }
            }
            let confirmation = Confirmation(lines: lines)
            let bytes =
                (try? DigestMail.confirmation(
                    subject: confirmation.subject, text: confirmation.text, html: confirmation.html, to: author,
                    inReplyTo: reply.messageID, digestID: digest.messageID, config: config, date: now))?.bytes ?? []
            if try store.applyReply(
                messageID: reply.messageID, member: member.name, day: digest.day, changes: changes, confirmation: bytes)
            {
                report.applied += 1
                logger.notice(
                    "Applied a reply to a digest",
                    metadata: [
                        "member": "\(member.name)", "digest.date": "\(digest.day)", "reply.lines": "\(lines.count)",
                    ])
            }
            done.append(reply.uid)
        }
        do {
            try scan.markDone(uids: done, folder: Self.folder)
        } catch {
            logger.warning("Could not flag the replies applied", metadata: ["imap.error": "\(error.message)"])
        }
        try store.saveMailboxState(
            account: endpoint.account, folder: Self.folder, uidValidity: result.uidValidity, lastUID: result.lastUID)
        report.confirmed = try sendConfirmations(members: members)
        return report
    }

    /// Sends the confirmations not sent yet; one that fails for now waits for the next pass.
    /// The team's server and password are read once for all of them.
    private func sendConfirmations(members: [String: TeamMember]) throws -> Int {
        var sent = 0
        var server: SMTPEndpoint?
        for (messageID, memberName, message) in try store.unsentConfirmations() {
            guard let member = members[memberName], !message.isEmpty else {
                try store.markConfirmed(messageID: messageID)
                continue
            }
            do {
                let endpoint = try server ?? SMTPEndpoint.make(config: member.config, environment: environment)
                server = endpoint
                try transport.sendToItsRecipients(message, via: endpoint)
                try store.markConfirmed(messageID: messageID)
                sent += 1
            } catch let error as DeliveryError where error.kind == .transient || error.kind == .uncertain {
                logger.warning(
                    "Could not send a confirmation; trying again at the next pass",
                    metadata: ["delivery.error": "\(error.message)"])
                break
            } catch let error as DeliveryError {
                logger.error(
                    "Could not send a confirmation; giving it up", metadata: ["delivery.error": "\(error.message)"])
                try store.markConfirmed(messageID: messageID)
            }
        }
        return sent
    }
}
