public import Foundation
public import KithCore
public import KithMail
public import KithStore
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Records and sends a day's digest through the store's outbox. `kith send` and the daemon both
/// go through here, so a digest is always recorded before it is sent and marked once accepted.
public struct DigestOutbox: Sendable {
    public let store: Store
    public let transport: SMTPTransport
    public let retry: RetryPolicy
    public let logger: Logger

    public init(store: Store, transport: SMTPTransport, retry: RetryPolicy, logger: Logger) {
        self.store = store
        self.transport = transport
        self.retry = retry
        self.logger = logger
    }

    /// The day's record: the existing one, or a new one (pending, or `empty` when nobody is due
    /// and `sendWhenEmpty` is off) built from the config and the store's state. Needs only the
    /// store, so the daemon, which never sends itself, records through it too.
    public static func prepare(
        store: Store, config: Config, renderer: DigestRenderer, day: LocalDate, now: Date
    ) throws -> DigestRecord {
        if let existing = try store.digest(on: day) { return existing }
        let state = try store.contactState(now: now).adoptingAliases(config.people)
        // Greeted by the time it is really made (a digest retried at six says good evening).
        let hour = ZoneClock(timeZone: config.timeZone).local(now).secondOfDay / 3600
        let digest = Digest.build(config: config, state: state, today: day, hour: hour)
        let people = digest.nudges.map(\.person.name)
        if digest.isEmpty && !config.digest.sendWhenEmpty {
            return try store.insertIfAbsent(
                DigestRecord(date: day, state: .empty, messageID: "", message: [], people: [], createdAt: now))
        }
        let token = ReplyToken.make()
        let message = try DigestMail.message(for: digest, renderer: renderer, config: config, date: now, token: token)
        return try store.insertIfAbsent(
            DigestRecord(
                date: day, state: .pending, messageID: message.messageID, message: message.bytes, people: people,
                introductions: digest.introductions.map(\.introduction.key), createdAt: now, token: token,
                staleNote: digest.staleDays != nil,
                suggestions: digest.nudges.map {
                    DigestRecord.Suggestion(key: $0.person.key, text: ShownSuggestion.normalized($0.suggestion))
                }
            ))
    }

    /// Sends a record this process claimed and records the outcome.
    ///
    /// Before the end of the message goes to the server, the store records that it is being
    /// handed over; if it cannot, the send stops there. After the server accepted it, the
    /// acceptance is recorded (in the database, else in a synced marker file beside it), so no
    /// later attempt sends it again.
    public func deliver(_ record: DigestRecord, config: Config, environment: [String: String]) -> Result<
        SMTPTransport.Report, DeliveryError
    > {
        let pid = getpid()
        let result: Result<SMTPTransport.Report, DeliveryError>
        do {
            let endpoint = try SMTPEndpoint.make(config: config, environment: environment)
            logger.info(
                "Sending the digest",
                metadata: ["digest.date": "\(record.date)", "digest.attempt": "\(record.attempts)"])
            let report = try transport.send(bytes: record.message, via: endpoint) {
                do {
                    try store.markHandedOver(day: record.date, pid: pid)
                    return true
                } catch {
                    logger.error(
                        "Could not record the hand-over; the send is stopped before the server can accept it",
                        metadata: ["store.error": "\(error)"])
                    return false
                }
            }
            result = .success(report)
        } catch {
            result = .failure(error)
        }
        do {
            switch result {
            case .success(let report):
                try store.recordAccepted(day: record.date, at: Date(), refused: report.refused)
                logger.notice("The server accepted the digest", metadata: ["digest.date": "\(record.date)"])
                for refused in report.refused {
                    logger.warning(
                        "The server refused one recipient; the others got the digest",
                        metadata: ["digest.date": "\(record.date)", "smtp.refused": "\(refused)"])
                }
            case .failure(let error) where error.kind == .uncertain:
                try store.markUncertain(day: record.date, error: error.message)
                logger.error(
                    "The digest may or may not have been delivered",
                    metadata: ["digest.date": "\(record.date)", "delivery.error": "\(error.message)"])
            case .failure(let error):
                let next =
                    error.kind == .transient
                    ? Date().addingTimeInterval(retry.delay(afterAttempt: record.attempts)) : nil
                try store.markFailed(
                    day: record.date, kind: error.kind.failureKind, error: error.message, nextAttemptAt: next)
                var metadata: Logger.Metadata = [
                    "digest.date": "\(record.date)", "delivery.kind": "\(error.kind.rawValue)",
                    "delivery.error": "\(error.message)",
                ]
                if let next { metadata["digest.retry_at"] = "\(next.formatted(.iso8601))" }
                if let code = error.smtpCode { metadata["smtp.code"] = "\(code)" }
                logger.error("The digest was not delivered", metadata: metadata)
            }
        } catch {
            // The digest stays `sending` with its hand-over recorded (after a send) or as it
            // was (before one): never sent twice, and the caller backs off.
            logger.critical("Could not record the outcome of a send", metadata: ["store.error": "\(error)"])
            if case .failure = result { return .failure(DeliveryError(kind: .transient, message: error.message)) }
        }
        return result
    }
}

extension DeliveryError.Kind {
    /// How the outbox records a failure of this kind (an uncertain hand-over is not a failure:
    /// it is recorded as `uncertain` before this is asked).
    var failureKind: DigestRecord.FailureKind {
        switch self {
        case .transient, .uncertain: return .transient
        case .permanent: return .permanent
        case .configuration: return .configuration
        }
    }
}
