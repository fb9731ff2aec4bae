import Foundation
import KithCore

/// Where a mail password comes from, first found: a file the config names, the systemd
/// credential, an environment variable. The same rules for SMTP and IMAP.
public struct PasswordSource: Sendable {
    /// `smtp`, `imap` or `database`: names the config key, the credential and the variable.
    let section: String
    let passwordFile: String?

    public init(section: String, passwordFile: String?) {
        self.section = section
        self.passwordFile = passwordFile
    }

    var credential: String { "\(section)-password" }
    var variable: String { "KITH_\(section.uppercased())_PASSWORD" }

    /// The password, or nil when none of the places has one.
    public func read(environment: [String: String]) throws(PasswordError) -> String? {
        if let file = passwordFile {
            return try Self.read(file, what: "\(section).passwordFile")
        }
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            let path = directory + "/" + credential
            // An empty credential counts as none: the installed unit loads both credentials,
            // and the one for a mailbox kith does not log in to stays empty.
            var info = stat()
            if stat(path, &info) == 0, info.st_size > 0 {
                return try Self.read(path, what: "the systemd credential \(credential)")
            }
        }
        if let value = environment[variable], !value.isEmpty {
            return value
        }
        return nil
    }

    /// A password file's content without its line ending.
    private static func read(_ path: String, what: String) throws(PasswordError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, limit: FileBytes.passwordLimit)
        } catch {
            throw PasswordError(message: "cannot read \(what): \(error.reason)")
        }
        // Byte by byte: "\r\n" is one Character in Swift, so a CRLF ending is trimmed here whole.
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let text = String(decoding: bytes[..<end], as: UTF8.self)
        guard !text.isEmpty else { throw PasswordError(message: "\(what) \(path) is empty") }
        return text
    }

    /// A warning when the file the password comes from can be read by other users.
    public func warning(environment: [String: String]) -> String? {
        let candidate: (path: String, what: String)
        if let file = passwordFile {
            candidate = (file, "\(section).passwordFile")
        } else if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            candidate = (directory + "/" + credential, "the systemd credential \(credential)")
        } else {
            return nil
        }
        var info = stat()
        guard stat(candidate.path, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
        let mode = String(info.st_mode & 0o777, radix: 8)
        return
            "\(candidate.what) \(candidate.path) can be read by other users (mode 0\(mode)); make it private with: chmod 600 \(candidate.path)"
    }
}

/// A password that could not be read, as a sentence.
public struct PasswordError: Error, Sendable {
    public let message: String
}
