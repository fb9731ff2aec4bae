public import Foundation
import KithCore

/// Text from mail headers: RFC 2047 encoded words decoded, and RFC 5322 dates read.
public enum MailText {
    /// `=?UTF-8?B?…?=` and `=?ISO-8859-1?Q?…?=` words decoded; white space between two encoded
    /// words dropped, as RFC 2047 says. Words in charsets Foundation does not know stay as they are.
    public static func decode(_ text: String) -> String {
        var out = ""
        var pendingSpace = ""
        var lastWasEncoded = false
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = decodeWord(rest) {
                if !lastWasEncoded { out += pendingSpace }
                pendingSpace = ""
                out += decoded
                lastWasEncoded = true
                rest = after
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingSpace += String(character)
                continue
            }
            out += pendingSpace
            pendingSpace = ""
            out.append(character)
            lastWasEncoded = false
        }
        return out + pendingSpace
    }

    private static func decodeWord(_ text: Substring) -> (String, Substring)? {
        let parts = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasPrefix("="), !parts[0].isEmpty else { return nil }
        let charset = parts[0].split(separator: "*").first.map(String.init) ?? ""
        let payload = parts[2]
        var bytes: [UInt8]
        switch parts[1].uppercased() {
        case "B":
            var base64 = String(payload)
            while base64.count % 4 != 0 { base64 += "=" }
            guard let data = Data(base64Encoded: base64) else { return nil }
            bytes = [UInt8](data)
        case "Q":
            bytes = []
            var iterator = Array(payload.utf8).makeIterator()
            while let byte = iterator.next() {
                if byte == UInt8(ascii: "_") {
                    bytes.append(0x20)
                } else if byte == UInt8(ascii: "="), let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                {
                    bytes.append(value)
                } else {
                    bytes.append(byte)
                }
            }
        default:
            return nil
        }
        let encoding = String.Encoding(ianaName: charset) ?? .utf8
        guard let decoded = String(data: Data(bytes), encoding: encoding) else { return nil }
        let consumed = 2 + parts[0].count + 1 + parts[1].count + 1 + payload.count + 2
        return (decoded, text.dropFirst(consumed))
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// An RFC 5322 date (`Mon, 23 Nov 2026 07:30:00 +0100`, the day name and seconds optional,
    /// obsolete zone names tolerated) or an IMAP INTERNALDATE (`23-Nov-2026 07:30:00 +0100`).
    public static func date(_ text: String) -> Date? {
        var words = text.replacingOccurrences(of: "-", with: " ", options: [], range: nil)
            .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        // A "-" also starts a negative zone offset: put it back.
        if let last = words.last, text.hasSuffix(last), text.dropLast(last.count).hasSuffix("-") {
            words[words.count - 1] = "-" + last
        }
        if let first = words.first, Int(first) == nil { words.removeFirst() }  // day name
        guard words.count >= 4, let day = Int(words[0]),
            let month = months.firstIndex(of: String(words[1].prefix(3)).lowercased()).map({ $0 + 1 }),
            var year = Int(words[2])
        else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        let time = words[3].split(separator: ":").compactMap { Int($0) }
        guard time.count >= 2, let date = LocalDate(year: year, month: month, day: day)?.dayNumber else { return nil }
        var offset = 0
        if words.count >= 5 {
            let zone = words[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int(zone.dropFirst()) {
                offset = (value / 100 * 3600 + value % 100 * 60) * (sign == "-" ? -1 : 1)
            }
        }
        let seconds = date * 86_400 + time[0] * 3600 + time[1] * 60 + (time.count > 2 ? time[2] : 0) - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}

extension String.Encoding {
    /// The encoding an IANA charset name names, for the charsets mail uses.
    init?(ianaName: String) {
        switch ianaName.lowercased() {
        case "utf-8", "utf8", "us-ascii", "ascii": self = .utf8
        case "iso-8859-1", "latin1", "iso8859-1": self = .isoLatin1
        case "iso-8859-2": self = .isoLatin2
        case "windows-1252", "cp1252": self = .windowsCP1252
        case "windows-1251": self = .windowsCP1251
        case "utf-16": self = .utf16
        default: return nil
        }
    }
}
