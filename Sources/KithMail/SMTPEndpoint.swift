import Foundation
public import KithCore

#if canImport(Glibc)
    import Glibc
#endif

/// Everything needed to reach the mail server, checked: a usable URL, TLS that cannot be
/// skipped except to a loopback host, envelope addresses free of CR/LF, and the password
/// from its file, credential or environment variable.
public struct SMTPEndpoint: Sendable, CustomStringConvertible, CustomReflectable {
    public typealias Security = MailSecurity

    public let url: String
    public let security: Security
    public let username: String?
    /// Never printed: `description` leaves it out.
    let password: String?
    public let caFile: String?
    public let timeoutSeconds: Int
    public let from: Mailbox
    public let recipients: [Mailbox]
    /// The name kith greets the server with (EHLO), as `smtp.heloName` sets it.
    let configuredHeloName: String?

    /// The name kith greets the server with (EHLO): `smtp.heloName`, else this machine's fully
    /// qualified name, looked up only here, when a message is sent (not by `kith check`).
    public var heloName: String { configuredHeloName ?? HostName.fullyQualified() }

    /// The first address with non-ASCII letters before the @, which only a server offering
    /// SMTPUTF8 can take; nil when every address is ASCII.
    public var needsSMTPUTF8: String? {
        ([from] + recipients).first { !$0.localPart.utf8.allSatisfy { $0 < 0x80 } }?.address
    }

    public var description: String {
        "SMTPEndpoint(\(url), \(security), user: \(username ?? "none"), password: \(password == nil ? "none" : "set"))"
    }

    /// What `dump` and debuggers show: everything but the password.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": url, "security": security, "username": username as Any,
                "password": password == nil ? "none" : "set",
                "caFile": caFile as Any, "timeoutSeconds": timeoutSeconds, "from": from, "recipients": recipients,
                "heloName": configuredHeloName as Any,
            ], displayStyle: .struct)
    }

    /// Builds the endpoint from the config, reading the password.
    ///
    /// - Parameter environment: for `$CREDENTIALS_DIRECTORY` and `$KITH_SMTP_PASSWORD`.
    public static func make(config: Config, environment: [String: String]) throws(DeliveryError) -> SMTPEndpoint {
        guard let smtp = config.smtp else {
            throw DeliveryError(
                kind: .configuration,
                message: "the config has no \"smtp\" section; add one with at least \"url\" and \"from\" to send mail")
        }
        func problem(_ message: String) -> DeliveryError {
            DeliveryError(kind: .configuration, message: message)
        }
        let server: ServerURL
        do {
            server = try ServerURL.parse(
                smtp.url, section: "smtp", tls: smtp.tls,
                example: "smtp://mail.example.org:587 or smtps://mail.example.org:465",
                pathHint:
                    "an SMTP URL is scheme://host:port, and the name kith greets the server with goes in smtp.heloName")
        } catch {
            throw problem(error.message)
        }
        let security = server.security
        let (from, recipients) = try DigestMail.addressing(config: config)
        // A password is only looked for when there is a user to log in as.
        let password = smtp.username == nil ? nil : try readPassword(smtp: smtp, environment: environment)
        if security == .none, smtp.username != nil {
            throw problem(
                "smtp: a user name or password is set but TLS is off; kith never sends credentials unencrypted. Remove them or use TLS"
            )
        }
        if smtp.username != nil, password == nil {
            throw problem(
                "smtp.username is set but no password was found: put it in the file named by smtp.passwordFile, the systemd credential smtp-password, or KITH_SMTP_PASSWORD"
            )
        }
        return SMTPEndpoint(
            url: server.url, security: security, username: smtp.username, password: password,
            caFile: smtp.caFile, timeoutSeconds: smtp.timeoutSeconds, from: from, recipients: recipients,
            configuredHeloName: smtp.heloName)
    }

    /// The same server and sender, sending to `recipients` instead (a confirmation goes to the
    /// address a reply came from).
    public func addressed(to recipients: [Mailbox]) -> SMTPEndpoint {
        SMTPEndpoint(
            url: url, security: security, username: username, password: password, caFile: caFile,
            timeoutSeconds: timeoutSeconds, from: from, recipients: recipients, configuredHeloName: configuredHeloName)
    }

    /// The first of: `passwordFile`, `$CREDENTIALS_DIRECTORY/smtp-password`, `$KITH_SMTP_PASSWORD`.
    static func readPassword(smtp: SMTPSettings, environment: [String: String]) throws(DeliveryError) -> String? {
        do {
            return try PasswordSource(section: "smtp", passwordFile: smtp.passwordFile).read(environment: environment)
        } catch {
            throw DeliveryError(kind: .configuration, message: error.message)
        }
    }

    /// Warnings about where the passwords are kept: a password file that group or others can
    /// read. `kith check` prints them and the daemon logs them; the password is still used.
    public static func passwordWarnings(config: Config, environment: [String: String]) -> [String] {
        var sources: [PasswordSource] = []
        if let smtp = config.smtp, smtp.username != nil {
            sources.append(PasswordSource(section: "smtp", passwordFile: smtp.passwordFile))
        }
        if let imap = config.imap, imap.username != nil {
            sources.append(PasswordSource(section: "imap", passwordFile: imap.passwordFile))
        }
        return sources.compactMap { $0.warning(environment: environment) }
    }

    /// Whether `host` is under a name reserved for examples and documentation (RFC 2606, 6761).
    static func isReservedExample(_ host: String) -> Bool {
        let name = host.lowercased()
        for domain in ["example.org", "example.com", "example.net", "example", "invalid", "test"]
        where name == domain || name.hasSuffix("." + domain) {
            return true
        }
        return false
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare == "::1" || bare.lowercased() == "localhost" { return true }
        let parts = bare.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
