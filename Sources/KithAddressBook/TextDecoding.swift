import Foundation

/// The text of an imported file: UTF-8 (a byte order mark skipped), else Windows-1252, the
/// encoding of CSV files saved by older spreadsheet programs. Binary files are refused.
enum TextDecoding {
    static func decode(_ bytes: [UInt8], file: String) throws(ImportError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        // NUL bytes, or many control characters, are not text (a photo, a zip, UTF-16).
        var controls = 0
        for (offset, byte) in body.prefix(65_536).enumerated() {
            if byte == 0 {
                throw ImportError(
                    file: file, line: line(of: offset, in: bytes),
                    message:
                        "this is not a text file (a NUL byte at byte \(offset)); export the contacts as vCard or CSV")
            }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { controls += 1 }
        }
        if controls > 8 {
            throw ImportError(
                file: file, line: nil, message: "this is not a text file; export the contacts as vCard or CSV")
        }
        if let text = String(validating: body, as: UTF8.self) { return text }
        if let text = String(data: Data(body), encoding: .windowsCP1252)
            ?? String(data: Data(body), encoding: .isoLatin1)
        {
            return text
        }
        throw ImportError(file: file, line: nil, message: "this file is neither UTF-8 nor Windows-1252 text")
    }

    private static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes.prefix(offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
