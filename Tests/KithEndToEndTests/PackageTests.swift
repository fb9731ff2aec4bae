import Foundation
import KithTestSupport
import Testing

/// scripts/package builds a .deb that lintian passes without errors, and that works once
/// unpacked into a throwaway root.
@Suite struct PackageTests {
    @Test func theDebianPackagePassesLintianAndWorksUnpacked() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kith-deb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let script = KithBinary.root.appendingPathComponent("scripts/package").path
        // The release build the package ships (scripts/test builds it before the tests).
        let release = KithBinary.root.appendingPathComponent(".build/release/kith").path
        guard FileManager.default.isExecutableFile(atPath: release) else {
            Issue.record(
                "no release build at \(release): scripts/test builds it (swift build -c release --static-swift-stdlib)")
            return
        }
        let (status, output) = try Command.run([script, "--binary", release, "--output", work.path])
        #expect(status == 0, "\(output)")
        let deb = try #require(output.split(separator: "\n").last.map(String.init))
        #expect(deb.hasSuffix(".deb"))
        let (lintianStatus, lintian) = try Command.run(["lintian", "--tag-display-limit", "0", deb])
        #expect(lintianStatus == 0, "lintian found errors:\n\(lintian)")
        #expect(!lintian.contains("\nE: ") && !lintian.hasPrefix("E: "), "\(lintian)")

        let (_, contents) = try Command.run(["dpkg-deb", "--contents", deb])
        for path in [
            "./usr/bin/kith", "./lib/systemd/system/kith.service", "./usr/share/man/man1/kith.1.gz",
            "./usr/share/doc/kith/examples/config.json", "./usr/share/bash-completion/completions/kith",
        ] {
            #expect(contents.contains(path), "missing \(path)")
        }
        // Installing starts nothing: kith needs a config first.
        let control = work.appendingPathComponent("control").path
        #expect(try Command.run(["dpkg-deb", "-e", deb, control]).0 == 0)
        let postinst = try String(contentsOfFile: control + "/postinst", encoding: .utf8)
        let commands = postinst.split(separator: "\n").filter {
            !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#")
        }
        #expect(!commands.contains { $0.contains("start") || $0.contains("enable") }, "\(postinst)")
        #expect(postinst.contains("smtp-password imap-password"), "the credentials the unit loads exist")

        let root = work.appendingPathComponent("root").path
        #expect(try Command.run(["dpkg-deb", "-x", deb, root]).0 == 0)
        let (versionStatus, version) = try Command.run([root + "/usr/bin/kith", "--version"])
        #expect(versionStatus == 0 && version.hasPrefix("kith 0."), "\(version)")
        // The example is a valid config except for its placeholder mail server.
        let (_, check) = try Command.run([
            root + "/usr/bin/kith", "check", "--config", root + "/usr/share/doc/kith/examples/config.json",
        ])
        #expect(check.contains("a placeholder from the example config") && check.contains("1 problem"), "\(check)")
        let (_, unit) = try Command.run(["grep", "-c", "/usr/bin/kith", root + "/lib/systemd/system/kith.service"])
        #expect(
            Int(unit.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 2, "the unit runs the packaged binary")
    }
}
