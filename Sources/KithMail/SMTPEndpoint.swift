import Foundation
public import KithCore

#if canImport(Glibc)
    import Glibc
#endif

/// Everything needed to reach the mail server, checked: a usable URL, TLS that cannot be
/// skipped except to a loopback host, envelope addresses free of CR/LF, and the password
/// from its file, credential or environment variable.
public struct SMTPEndpoint: Sendable, CustomStringConvertible, CustomReflectable {
    public enum Security: Sendable, Equatable {
        /// `smtp://` upgraded with STARTTLS, which must succeed.
        case startTLS
        /// `smtps://`: TLS from the first byte.
        case implicitTLS
        /// No TLS at all: only allowed to a loopback host, and never with a password.
        case none
    }

    public let url: String
    public let security: Security
    public let username: String?
    /// Never printed: `description` leaves it out.
    let password: String?
    public let caFile: String?
    public let timeoutSeconds: Int
    public let from: Mailbox
    public let recipients: [Mailbox]
    /// The name kith greets the server with (EHLO): `smtp.heloName`, else this machine's
    /// fully qualified name.
    public let heloName: String

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
                "heloName": heloName,
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
        guard let components = URLComponents(string: smtp.url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw problem(
                "smtp.url: \"\(smtp.url)\" is not a URL; write it as smtp://mail.example.org:587 or smtps://mail.example.org:465"
            )
        }
        if !components.path.isEmpty, components.path != "/" {
            throw problem(
                "smtp.url: \(UserText.quoted(smtp.url)) has a path; an SMTP URL is scheme://host:port, and the name kith greets the server with goes in smtp.heloName"
            )
        }
        if components.user != nil || components.password != nil {
            throw problem(
                "smtp.url: put the user name in smtp.username and the password in a password file, not in the URL")
        }
        let security: Security
        switch (scheme, smtp.tls) {
        case ("smtp", .required): security = .startTLS
        case ("smtps", .required): security = .implicitTLS
        case ("smtp", .none):
            guard isLoopback(host) else {
                throw problem(
                    "smtp.tls: \"none\" is only allowed for a server on this machine (127.0.0.1, ::1 or localhost), not \(host)"
                )
            }
            security = .none
        case ("smtps", .none):
            throw problem("smtp.tls: \"none\" contradicts an smtps:// URL; remove one of them")
        default:
            throw problem("smtp.url: the scheme must be smtp:// (with STARTTLS) or smtps://, not \(scheme)://")
        }
        if isReservedExample(host) {
            throw problem(
                "smtp.url still names \(host), a placeholder from the example config that no mail server answers at; put your own mail server there (for a first try without an account, see scripts/run-example)"
            )
        }
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
        var url = smtp.url
        while url.hasSuffix("/") { url.removeLast() }
        return SMTPEndpoint(
            url: url, security: security, username: smtp.username, password: password,
            caFile: smtp.caFile, timeoutSeconds: smtp.timeoutSeconds, from: from, recipients: recipients,
            heloName: smtp.heloName ?? HostName.fullyQualified())
    }

    /// The first of: `passwordFile`, `$CREDENTIALS_DIRECTORY/smtp-password`, `$KITH_SMTP_PASSWORD`.
    static func readPassword(smtp: SMTPSettings, environment: [String: String]) throws(DeliveryError) -> String? {
        func read(_ path: String, what: String) throws(DeliveryError) -> String {
            let bytes: [UInt8]
            do {
                bytes = try FileBytes.read(path, limit: FileBytes.passwordLimit)
            } catch {
                throw DeliveryError(kind: .configuration, message: "cannot read \(what): \(error.reason)")
            }
            // Byte by byte: "\r\n" is one Character in Swift, so a CRLF ending is trimmed here whole.
            var end = bytes.count
            while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
            let text = String(decoding: bytes[..<end], as: UTF8.self)
            guard !text.isEmpty else {
                throw DeliveryError(kind: .configuration, message: "\(what) \(path) is empty")
            }
            return text
        }
        if let file = smtp.passwordFile {
            return try read(file, what: "smtp.passwordFile")
        }
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            let path = directory + "/smtp-password"
            if FileManager.default.fileExists(atPath: path) {
                return try read(path, what: "the systemd credential smtp-password")
            }
        }
        if let value = environment["KITH_SMTP_PASSWORD"], !value.isEmpty {
            return value
        }
        return nil
    }

    /// Warnings about where the password is kept: a password file that group or others can read.
    /// `kith check` prints them and the daemon logs them; the password is still used.
    public static func passwordWarnings(config: Config, environment: [String: String]) -> [String] {
        guard let smtp = config.smtp, smtp.username != nil else { return [] }
        var candidates: [(path: String, what: String)] = []
        if let file = smtp.passwordFile {
            candidates.append((file, "smtp.passwordFile"))
        } else if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            candidates.append((directory + "/smtp-password", "the systemd credential smtp-password"))
        }
        return candidates.compactMap { candidate in
            var info = stat()
            guard stat(candidate.path, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
            let mode = String(info.st_mode & 0o777, radix: 8)
            return
                "\(candidate.what) \(candidate.path) can be read by other users (mode 0\(mode)); make it private with: chmod 600 \(candidate.path)"
        }
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
