import Foundation
import KithTestSupport
import Testing

/// scripts/package builds a .deb that lintian passes without errors, and that works once
/// unpacked into a throwaway root.
@Suite struct PackageTests {
    private func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

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
        let (status, output) = try run([script, "--binary", release, "--output", work.path])
        #expect(status == 0, "\(output)")
        let deb = try #require(output.split(separator: "\n").last.map(String.init))
        #expect(deb.hasSuffix(".deb"))
        let (lintianStatus, lintian) = try run(["lintian", "--tag-display-limit", "0", deb])
        #expect(lintianStatus == 0, "lintian found errors:\n\(lintian)")
        #expect(!lintian.contains("\nE: ") && !lintian.hasPrefix("E: "), "\(lintian)")

        let (_, contents) = try run(["dpkg-deb", "--contents", deb])
        for path in [
            "./usr/bin/kith", "./lib/systemd/system/kith.service", "./usr/share/man/man1/kith.1.gz",
            "./usr/share/doc/kith/examples/config.json", "./usr/share/bash-completion/completions/kith",
        ] {
            #expect(contents.contains(path), "missing \(path)")
        }
        // Installing starts nothing: kith needs a config first.
        let control = work.appendingPathComponent("control").path
        #expect(try run(["dpkg-deb", "-e", deb, control]).0 == 0)
        let postinst = try String(contentsOfFile: control + "/postinst", encoding: .utf8)
        let commands = postinst.split(separator: "\n").filter {
            !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#")
        }
        #expect(!commands.contains { $0.contains("start") || $0.contains("enable") }, "\(postinst)")
        #expect(postinst.contains("smtp-password imap-password"), "the credentials the unit loads exist")

        let root = work.appendingPathComponent("root").path
        #expect(try run(["dpkg-deb", "-x", deb, root]).0 == 0)
        let (versionStatus, version) = try run([root + "/usr/bin/kith", "--version"])
        #expect(versionStatus == 0 && version.hasPrefix("kith 0."), "\(version)")
        // The example is a valid config except for its placeholder mail server.
        let (_, check) = try run([
            root + "/usr/bin/kith", "check", "--config", root + "/usr/share/doc/kith/examples/config.json",
        ])
        #expect(check.contains("a placeholder from the example config") && check.contains("1 problem"), "\(check)")
        let (_, unit) = try run(["grep", "-c", "/usr/bin/kith", root + "/lib/systemd/system/kith.service"])
        #expect(
            Int(unit.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 2, "the unit runs the packaged binary")
    }
}
