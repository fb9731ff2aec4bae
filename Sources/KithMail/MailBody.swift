import Foundation

/// The readable text of a message: the first `text/plain` part (else the first `text/html`
/// part with its markup stripped), its transfer encoding undone and its charset decoded. Read
/// leniently, as replies from phones and webmail come: a message cut short gives what it has.
public enum MailBody {
    /// How deep nested multiparts are followed.
    static let maximumDepth = 8

    public static func text(of message: [UInt8]) -> String {
        let (headers, body) = split(message[...])
        return text(headers: MailHeaders(Array(headers)), body: body, depth: 0) ?? ""
    }

    private static func text(headers: MailHeaders, body: ArraySlice<UInt8>, depth: Int) -> String? {
        let type = ContentType(headers.value("content-type") ?? "text/plain")
        if type.mediaType.hasPrefix("multipart/") {
            guard depth < maximumDepth, let boundary = type.parameters["boundary"], !boundary.isEmpty else {
                return nil
            }
            let parts = self.parts(of: body, boundary: boundary).map { part -> (MailHeaders, ArraySlice<UInt8>) in
                let (partHeaders, partBody) = split(part)
                return (MailHeaders(Array(partHeaders)), partBody)
            }
            // A plain part anywhere wins over HTML; within the same kind, the first one.
            for wanted in ["text/plain", "text/html", "multipart/"] {
                for (partHeaders, partBody) in parts {
                    let partType = ContentType(partHeaders.value("content-type") ?? "text/plain").mediaType
                    guard partType.hasPrefix(wanted), !isAttachment(partHeaders) else { continue }
                    if let found = text(headers: partHeaders, body: partBody, depth: depth + 1) { return found }
                }
            }
            return nil
        }
        guard type.mediaType == "text/plain" || type.mediaType == "text/html" else { return nil }
        let decoded = decodeTransfer(body, encoding: headers.value("content-transfer-encoding") ?? "7bit")
        let string = decodeCharset(decoded, charset: type.parameters["charset"] ?? "us-ascii")
        return type.mediaType == "text/html" ? HTMLText.plain(string) : string
    }

    private static func isAttachment(_ headers: MailHeaders) -> Bool {
        headers.value("content-disposition")?.lowercased().hasPrefix("attachment") ?? false
    }

    /// Header bytes and body bytes, split at the first empty line.
    public static func split(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 0x0A {
                let next = index + 1
                if next < bytes.endIndex, bytes[next] == 0x0A {
                    return (bytes[..<index], bytes[(next + 1)...])
                }
                if next + 1 < bytes.endIndex, bytes[next] == 0x0D, bytes[next + 1] == 0x0A {
                    return (bytes[..<index], bytes[(next + 2)...])
                }
            }
            index += 1
        }
        return (bytes, [])
    }

    /// The parts between `--boundary` lines, up to `--boundary--` (or the end, if it is missing).
    static func parts(of body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            var lineEnd = lineStart
            while lineEnd < body.endIndex, body[lineEnd] != 0x0A { lineEnd += 1 }
            let line = body[lineStart..<lineEnd]
            if line.starts(with: delimiter) {
                var previousEnd = lineStart
                // The line break before a delimiter belongs to the delimiter.
                if previousEnd > body.startIndex, body[previousEnd - 1] == 0x0A { previousEnd -= 1 }
                if previousEnd > body.startIndex, body[previousEnd - 1] == 0x0D { previousEnd -= 1 }
                if let start = partStart { parts.append(body[start..<max(start, previousEnd)]) }
                let rest = line.dropFirst(delimiter.count)
                if rest.starts(with: Array("--".utf8)) { return parts }
                partStart = min(lineEnd + 1, body.endIndex)
            }
            lineStart = lineEnd + 1
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }

    static func decodeTransfer(_ body: ArraySlice<UInt8>, encoding: String) -> [UInt8] {
        switch encoding.lowercased().trimmingCharacters(in: .whitespaces) {
        case "quoted-printable": return QuotedPrintable.decode(body)
        case "base64":
            let clean = body.filter { !($0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09) }
            // A body cut short decodes as far as whole groups of four go.
            let whole = clean.prefix(clean.count - clean.count % 4)
            return Data(base64Encoded: Data(whole)).map { [UInt8]($0) } ?? []
        default: return Array(body)
        }
    }

    static func decodeCharset(_ bytes: [UInt8], charset: String) -> String {
        let name = charset.lowercased()
        if name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii" {
            return String(decoding: bytes, as: UTF8.self)
        }
        if let encoding = String.Encoding(ianaName: name), let decoded = String(data: Data(bytes), encoding: encoding) {
            return decoded
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A Content-Type value: its media type, lowercased, and its parameters.
struct ContentType {
    var mediaType: String
    var parameters: [String: String] = [:]

    init(_ value: String) {
        let pieces = value.split(separator: ";", omittingEmptySubsequences: false)
        mediaType = pieces.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "text/plain"
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let key = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            parameters[key] = value
        }
    }
}

/// HTML reduced to its text: tags dropped, block ends as line breaks, entities decoded, and
/// quoted parts (`<blockquote>`) left out, as a reply's quoted digest must not count.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var out = ""
        var index = html.startIndex
        var quoteDepth = 0
        var skipping: String?  // inside <style> or <script>
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close].lowercased()
                let name =
                    tag.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "\n" }).first.map(String.init)
                    ?? ""
                let closing = tag.hasPrefix("/")
                let bare = closing ? String(tag.dropFirst().prefix { $0.isLetter }) : name
                if let skip = skipping {
                    if closing && bare == skip { skipping = nil }
                } else if bare == "style" || bare == "script" || bare == "head" {
                    if !closing { skipping = bare }
                } else if bare == "blockquote" {
                    quoteDepth += closing ? -1 : 1
                    quoteDepth = max(0, quoteDepth)
                } else if ["br", "p", "div", "li", "tr", "h1", "h2", "h3"].contains(bare) {
                    if quoteDepth == 0 { out += "\n" }
                }
                index = html.index(after: close)
                continue
            }
            if skipping == nil, quoteDepth == 0 {
                if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                    let entity = String(html[html.index(after: index)..<semicolon])
                    if let decoded = decodeEntity(entity) {
                        out += decoded
                        index = html.index(after: semicolon)
                        continue
                    }
                }
                out.append(character == "\r\n" || character == "\r" ? "\n" : character)
            }
            index = html.index(after: index)
        }
        // Source line breaks inside a paragraph are spaces in HTML: keep only the tag breaks.
        return out.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
    }

    static func decodeEntity(_ entity: String) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        default:
            if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let value = UInt32(entity.dropFirst(2), radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                return String(Character(scalar))
            }
            if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(value) {
                return String(Character(scalar))
            }
            return nil
        }
    }
}
