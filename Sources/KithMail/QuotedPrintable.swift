/// RFC 2045 quoted-printable, producing CRLF line endings and lines of at most 76 characters.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 11 / 10 + 16)
        // Normalise line endings: CRLF, lone CR and lone LF all end a line.
        let lines = text.replacingLineEndings()
        for (index, line) in lines.enumerated() {
            if index > 0 { out += [0x0D, 0x0A] }
            var lineLength = 0
            let bytes = Array(line.utf8)
            for (position, byte) in bytes.enumerated() {
                let isLast = position == bytes.count - 1
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && !isLast)
                let width = literal ? 1 : 3
                // Leave room for the soft break's "=" (76 characters in all).
                if lineLength + width > 75 {
                    out += [UInt8(ascii: "="), 0x0D, 0x0A]
                    lineLength = 0
                }
                if literal {
                    out.append(byte)
                } else {
                    out += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
                lineLength += width
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes quoted-printable leniently: soft breaks joined, `=XX` turned into bytes, and an
    /// `=` not followed by two hex digits kept as it is.
    static func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: return byte - 48
            case 65...70: return byte - 55
            case 97...102: return byte - 87
            default: return nil
            }
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                index += 1
                continue
            }
            let next = index + 1
            if next < bytes.endIndex, bytes[next] == 0x0A {
                index = next + 1
            } else if next + 1 < bytes.endIndex, bytes[next] == 0x0D, bytes[next + 1] == 0x0A {
                index = next + 2
            } else if next + 1 < bytes.endIndex, let high = hexValue(bytes[next]), let low = hexValue(bytes[next + 1]) {
                out.append(high << 4 | low)
                index = next + 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}

extension String {
    /// The lines of the text, treating CRLF, CR and LF alike; a final line break ends the last line.
    fileprivate func replacingLineEndings() -> [Substring] {
        var lines: [Substring] = []
        var start = startIndex
        var index = startIndex
        while index < endIndex {
            let character = self[index]
            if character == "\r\n" || character == "\n" || character == "\r" {
                lines.append(self[start..<index])
                index = self.index(after: index)
                start = index
            } else {
                index = self.index(after: index)
            }
        }
        lines.append(self[start..<endIndex])
        return lines
    }
}
