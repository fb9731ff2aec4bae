import Foundation
import KithTestSupport
import Testing

/// The HTML digest in a real browser (Debian's headless Chromium): at phone and desktop widths,
/// in light and dark colour schemes, nothing overflows sideways and all text keeps a contrast of
/// at least 4.5:1. The screenshots are kept in .build/screenshots as build artefacts.
@Suite(.serialized) struct HTMLDigestTests {
    static let browser = "/usr/bin/chromium-headless-shell"

    @Test func theDigestReadsWellOnAPhoneAndADesktopInLightAndDark() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.browser) else {
            Issue.record("\(Self.browser) is missing: scripts/test installs Debian's chromium-headless-shell")
            return
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kith-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let config = work.appendingPathComponent("config.json").path
        try """
        { "owner": { "name": "Sam Rivera" }, "timezone": "UTC",
          "goals": [ { "id": "book", "title": "Launch the book about keeping in touch with the people who matter" } ],
          "people": [
            { "name": "Maximiliana Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh", "every": "1w",
              "email": "maximiliana.wolfeschlegelsteinhausenbergerdorff@a-very-long-domain-name.example.org",
              "phone": "+49 30 1234567890", "lastContact": "2026-09-01", "notes": "<b>bold</b> & https://example.org/a/very/long/path/that/does/not/break/anywhere/at/all" },
            { "name": "Grace Hopper", "every": "1m", "met": "2026-11-25", "metAt": "PyCon", "goals": ["book"] },
            { "name": "李小龙", "every": "2w", "lastContact": "2026-10-01", "birthday": "12-02" } ] }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let state = work.appendingPathComponent("state").path
        // Something logged long ago: the digest carries its staleness note, with its own colours.
        _ = try KithBinary.run(["log", "Grace", "--on", "2026-10-01", "--config", config, "--state", state])
        let preview = try KithBinary.run([
            "preview", "--format", "html", "--at", "2026-11-30T07:30", "--config", config, "--state", state,
        ])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("Nothing has been logged"), "the stale note is in the page")
        let judge = try String(contentsOfFile: SMTPTestServer.script("judge_html.js"), encoding: .utf8)
        let page = work.appendingPathComponent("digest.html")
        try preview.stdout.replacingOccurrences(of: "</body>", with: "<script>\(judge)</script></body>")
            .write(to: page, atomically: true, encoding: .utf8)
        let shots = KithBinary.root.appendingPathComponent(".build/screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        for width in [375, 1024] {
            for (scheme, setting) in [("light", 1), ("dark", 0)] {
                let common = [
                    Self.browser, "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(width),1600",
                    "--blink-settings=preferredColorScheme=\(setting)",
                ]
                let (status, dom) = try Command.run(common + ["--dump-dom", page.absoluteString], errors: false)
                #expect(status == 0)
                let json = try #require(
                    dom.components(separatedBy: "<pre id=\"kith-judge\" style=\"display: none;\">").dropFirst().first?
                        .components(separatedBy: "</pre>").first, "no verdict in the page at \(width) \(scheme)")
                let verdict = try #require(
                    try JSONSerialization.jsonObject(with: Data(json.replacingOccurrences(of: "&amp;", with: "&").utf8))
                        as? [String: Any])
                #expect(verdict["dark"] as? Bool == (scheme == "dark"))
                let scrollWidth = verdict["scrollWidth"] as? Int ?? .max
                #expect(scrollWidth <= width, "\(width) px, \(scheme): the page is \(scrollWidth) px wide")
                let contrast = verdict["lowestContrast"] as? Double ?? 0
                #expect(contrast >= 4.5, "\(width) px, \(scheme): contrast \(contrast) at \(verdict["worst"] ?? "")")
                _ = try Command.run(
                    common + ["--screenshot=\(shots.path)/digest-\(width)-\(scheme).png", page.absoluteString])
            }
        }
    }
}
