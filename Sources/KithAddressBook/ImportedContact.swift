import Foundation
public import KithCore

/// One person read from an address book or a LinkedIn export, before it meets the config.
public struct ImportedContact: Sendable, Equatable {
    public var name: String
    /// The preferred address first.
    public var emails: [String] = []
    public var phones: [String] = []
    public var nickname: String?
    public var birthday: Birthday?
    /// Organisation, title, notes: what goes into the person's `notes`.
    public var notes: [String] = []
    /// Categories or labels, for `--map-category`.
    public var categories: [String] = []
    /// When the connection began (LinkedIn's `Connected On`): their first-seen day.
    public var firstSeen: LocalDate?
    /// The line of the file it starts on, for messages.
    public var line: Int

    public init(name: String, line: Int) {
        self.name = name
        self.line = line
    }
}

/// A row or card that was not imported, and why.
public struct SkippedRow: Error, Sendable, Equatable {
    public var line: Int
    public var reason: String
}

/// A file that cannot be read as the format it was given as (or as any, with `auto`).
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}

/// The formats kith reads.
public enum AddressBookFormat: String, Sendable, CaseIterable {
    case vcard, google, linkedin
}

/// What a file gave: the contacts, and the rows left out.
public struct ImportedFile: Sendable {
    public var format: AddressBookFormat
    public var contacts: [ImportedContact]
    public var skipped: [SkippedRow]
}

public enum AddressBook {
    /// Reads `bytes` as `format`, or as the format its content shows when `format` is nil.
    public static func read(_ bytes: [UInt8], file: String, format: AddressBookFormat? = nil) throws(ImportError)
        -> ImportedFile
    {
        let text = try TextDecoding.decode(bytes, file: file)
        let chosen: AddressBookFormat
        if let format {
            chosen = format
        } else if let detected = detect(text) {
            chosen = detected
        } else {
            throw ImportError(
                file: file, line: 1,
                message:
                    "kith cannot tell what this is: not a vCard (BEGIN:VCARD), nor a Google Contacts or LinkedIn CSV export; name the format with --format if it is one"
            )
        }
        switch chosen {
        case .vcard: return try VCard.read(text, file: file)
        case .google, .linkedin: return try ContactsCSV.read(text, file: file, format: chosen)
        }
    }

    /// The format the content shows, if any.
    public static func detect(_ text: String) -> AddressBookFormat? {
        let head = text.prefix(4096)
        if head.range(of: "BEGIN:VCARD", options: .caseInsensitive) != nil { return .vcard }
        for line in head.split(whereSeparator: \.isNewline).prefix(10) {
            let lower = line.lowercased()
            if lower.contains("first name") && lower.contains("connected on") { return .linkedin }
            if lower.contains("e-mail 1 - value") || (lower.contains("given name") && lower.contains("family name")) {
                return .google
            }
        }
        return nil
    }
}
