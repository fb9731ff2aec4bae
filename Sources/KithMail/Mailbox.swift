import CCurl
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

    /// What stands before the @.
    public var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at])
    }

    /// The same mailbox with an internationalised domain in its ASCII (IDNA, punycode) form, as
    /// the envelope and headers need it; itself when the domain is ASCII already; nil when the
    /// domain cannot be converted.
    public func withASCIIDomain() -> Mailbox? {
        let domain = self.domain
        if domain.utf8.allSatisfy({ $0 < 0x80 }) { return self }
        var output = [CChar](repeating: 0, count: 256)
        guard kith_idn_to_ascii(domain, &output, output.count) == 0 else { return nil }
        let ascii = output.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return Mailbox(displayName: displayName, address: localPart + "@" + ascii)
    }
}
