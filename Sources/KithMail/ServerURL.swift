import Foundation
import KithCore

/// How a connection to a mail server is protected.
public enum MailSecurity: Sendable, Equatable {
    /// The plain scheme (`smtp://`, `imap://`) upgraded with STARTTLS, which must succeed.
    case startTLS
    /// TLS from the first byte (`smtps://`, `imaps://`).
    case implicitTLS
    /// No TLS at all: only allowed to a loopback host, and never with a password.
    case none
}

/// A mail server's URL from the config, checked the same way for SMTP and IMAP: the scheme, TLS
/// that cannot be skipped except to a loopback host, no credentials or path in the URL, and no
/// placeholder host from the example config.
struct ServerURL {
    typealias Security = MailSecurity

    let url: String
    let host: String
    let security: Security

    /// - Parameters:
    ///   - section: `smtp` or `imap`, as the config names it.
    ///   - pathHint: what to say when the URL has a path.
    static func parse(
        _ text: String, section: String, tls: SMTPSettings.TLS, example: String, pathHint: String
    ) throws(PasswordError) -> ServerURL {
        let plain = section
        let secure = section + "s"
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw PasswordError(
                message: "\(section).url: \(UserText.quoted(text)) is not a URL; write it as \(example)")
        }
        if !components.path.isEmpty, components.path != "/" {
            throw PasswordError(message: "\(section).url: \(UserText.quoted(text)) has a path; \(pathHint)")
        }
        if components.user != nil || components.password != nil {
            throw PasswordError(
                message:
                    "\(section).url: put the user name in \(section).username and the password in a password file, not in the URL"
            )
        }
        let security: Security
        switch (scheme, tls) {
        case (plain, .required): security = .startTLS
        case (secure, .required): security = .implicitTLS
        case (plain, .none):
            guard SMTPEndpoint.isLoopback(host) else {
                throw PasswordError(
                    message:
                        "\(section).tls: \"none\" is only allowed for a server on this machine (127.0.0.1, ::1 or localhost), not \(host)"
                )
            }
            security = .none
        case (secure, .none):
            throw PasswordError(message: "\(section).tls: \"none\" contradicts an \(secure):// URL; remove one of them")
        default:
            throw PasswordError(
                message:
                    "\(section).url: the scheme must be \(plain):// (with STARTTLS) or \(secure)://, not \(scheme)://"
            )
        }
        if SMTPEndpoint.isReservedExample(host) {
            throw PasswordError(
                message:
                    "\(section).url still names \(host), a placeholder from the example config that no mail server answers at; put your own mail server there (for a first try without an account, see scripts/run-example)"
            )
        }
        var url = text
        while url.hasSuffix("/") { url.removeLast() }
        return ServerURL(url: url, host: host, security: security)
    }
}
