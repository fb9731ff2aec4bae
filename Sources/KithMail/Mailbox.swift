import KithCore

/// A mail address with an optional display name, as it appears in From and To.
public struct Mailbox: Sendable, Equatable {
    public let displayName: String?
    /// The bare address (`ada@example.org`), as used in the SMTP envelope.
    public let address: String

    public init(displayName: String?, address: String) {
        self.displayName = displayName
        self.address = address
    }

    /// Parses `Name <name@example.org>` or `name@example.org`; nil when it holds no valid address
    /// or holds CR, LF or NUL anywhere.
    public init?(parsing text: String) {
        guard !text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }),
            let address = EmailAddress.mailboxAddress(text)
        else { return nil }
        self.init(displayName: EmailAddress.displayName(text), address: address)
    }

    /// The domain of the address, for Message-IDs.
    public var domain: String {
        address.split(separator: "@").last.map(String.init) ?? "localhost"
    }
}
