import Foundation
import KithTestSupport
import Testing

/// The unit files, judged by systemd's own tools, and the install script.
@Suite struct SystemdUnitTests {
    /// The unit with its kith path pointed at the built binary, since `verify` checks it exists.
    private func unitCopy(
        _ relative: String, replacing path: String, with binary: URL = KithBinary.url, as name: String = "kith.service"
    ) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kith-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = try String(contentsOf: KithBinary.root.appendingPathComponent(relative), encoding: .utf8)
        let url = dir.appendingPathComponent(name)
        try text.replacingOccurrences(of: path, with: binary.path).write(
            to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func systemUnitVerifiesCleanly() throws {
        let unit = try unitCopy("systemd/kith.service", replacing: "/usr/local/bin/kith")
        let (status, output) = try Command.run(["systemd-analyze", "verify", "--man=no", unit.path])
        #expect(status == 0)
        #expect(output.isEmpty, "\(output)")
    }

    @Test func userUnitVerifiesCleanly() throws {
        let unit = try unitCopy("systemd/user/kith.service", replacing: "%h/.local/bin/kith")
        let runtime = unit.deletingLastPathComponent().path
        let (status, output) = try Command.run(
            ["systemd-analyze", "--user", "verify", "--man=no", unit.path], environment: ["XDG_RUNTIME_DIR": runtime])
        #expect(status == 0)
        #expect(output.isEmpty, "\(output)")
    }

    @Test func teamUnitVerifiesCleanlyAndIsWellSandboxed() throws {
        let unit = try unitCopy(
            "systemd/kith-team@.service", replacing: "/usr/local/bin/kith-team", with: KithBinary.teamURL,
            as: "kith-team@a.service")
        let (status, output) = try Command.run(["systemd-analyze", "verify", "--man=no", unit.path])
        #expect(status == 0)
        #expect(output.isEmpty, "\(output)")
        let (_, security) = try Command.run(["systemd-analyze", "security", "--offline=true", unit.path])
        let line = try #require(security.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = try #require(Double(line.split(separator: ":")[1].split(separator: " ")[0]))
        #expect(score <= 1.5, "\(line)")
    }

    /// The single-user binary never links libpq: team mode stays out of its path.
    @Test func theSingleUserBinaryDoesNotLinkLibpq() throws {
        let (status, output) = try Command.run(["readelf", "-d", KithBinary.url.path])
        #expect(status == 0)
        #expect(output.contains("NEEDED"))
        #expect(!output.contains("libpq"), "\(output)")
        let (_, team) = try Command.run(["readelf", "-d", KithBinary.teamURL.path])
        #expect(team.contains("libpq"), "the check itself works: kith-team does link it")
    }

    @Test func systemUnitIsWellSandboxed() throws {
        let unit = KithBinary.root.appendingPathComponent("systemd/kith.service")
        let (_, output) = try Command.run(["systemd-analyze", "security", "--offline=true", unit.path])
        let line = try #require(output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = try #require(Double(line.split(separator: ":")[1].split(separator: " ")[0]))
        #expect(score <= 1.5, "\(line)")
    }

    @Test(arguments: ["systemd/kith.service", "systemd/user/kith.service"])
    func stoppingWaitsLongEnoughForASendInFlight(unit: String) throws {
        let text = try String(contentsOf: KithBinary.root.appendingPathComponent(unit), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let timeout = try #require(lines.first { $0.hasPrefix("TimeoutStopSec=") })
        let seconds = try #require(Int(timeout.dropFirst("TimeoutStopSec=".count).dropLast()))
        // The daemon waits up to smtp.timeoutSeconds (at most 120) + 10 s for the send in flight.
        #expect(seconds >= 130, "\(timeout)")
        #expect(lines.contains("KillMode=mixed"), "systemd must not signal the sending child")
        #expect(lines.contains("RestartPreventExitStatus=74"))
    }

    @Test func systemUnitHasWhatTheDaemonNeeds() throws {
        let text = try String(
            contentsOf: KithBinary.root.appendingPathComponent("systemd/kith.service"), encoding: .utf8)
        for line in [
            "Type=notify", "ExecReload=/bin/kill -HUP $MAINPID", "DynamicUser=yes", "StateDirectory=kith",
            "ConfigurationDirectory=kith", "LoadCredential=smtp-password:/etc/kith/smtp-password",
            "LoadCredential=imap-password:/etc/kith/imap-password",
        ] {
            #expect(text.contains("\n\(line)\n"), "missing \(line)")
        }
    }

    @Test func installTeamPutsKithTeamInPlaceWithAnExampleThatChecks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kith-install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let script = KithBinary.root.appendingPathComponent("scripts/install").path
        let arguments = [
            script, "--team", "--binary", KithBinary.url.path, "--team-binary", KithBinary.teamURL.path, "--root",
            root.path,
        ]
        let (status, output) = try Command.run(arguments)
        #expect(status == 0, "\(output)")
        for path in [
            "/usr/local/bin/kith-team", "/etc/systemd/system/kith-team@.service", "/etc/kith/team.json",
            "/etc/kith/members", "/etc/kith/database-password", "/usr/local/bin/kith",
        ] {
            #expect(FileManager.default.fileExists(atPath: root.path + path), "missing \(path)")
        }
        let password = try FileManager.default.attributesOfItem(atPath: root.path + "/etc/kith/database-password")
        #expect(password[.posixPermissions] as? Int == 0o600)
        let (checkStatus, check) = try Command.run([
            root.path + "/usr/local/bin/kith-team", "check", "--config", root.path + "/etc/kith/team.json",
        ])
        #expect(checkStatus == 0, "\(check)")
        #expect(check.contains("0 member files are valid"), "\(check)")
        // Team mode is a system service only.
        let (userStatus, user) = try Command.run(arguments + ["--user"])
        #expect(userStatus == 64 && user.contains("leave out --user"), "\(user)")
    }

    @Test(arguments: ["system", "user"])
    func installPutsEverythingInPlaceAndKeepsAnExistingConfig(mode: String) throws {
        func permissions(_ path: String) throws -> Int? {
            try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kith-install-\(UUID().uuidString)")
        let script = KithBinary.root.appendingPathComponent("scripts/install").path
        var arguments = [script, "--binary", KithBinary.url.path, "--root", root.path]
        if mode == "user" { arguments.append("--user") }
        let (status, output) = try Command.run(arguments)
        #expect(status == 0, "\(output)")
        let base = mode == "system" ? root.path : root.path + "/home"
        let paths =
            mode == "system"
            ? [
                "/usr/local/bin/kith", "/etc/systemd/system/kith.service", "/etc/kith/config.json",
                "/etc/kith/smtp-password", "/etc/kith/imap-password",
            ]
            : ["/.local/bin/kith", "/.config/systemd/user/kith.service", "/.config/kith/config.json"]
        let extras =
            mode == "system"
            ? [
                "/usr/local/share/man/man1/kith.1", "/usr/local/share/bash-completion/completions/kith",
                "/usr/local/share/zsh/site-functions/_kith", "/usr/local/share/fish/vendor_completions.d/kith.fish",
            ]
            : [
                "/.local/share/man/man1/kith.1", "/.local/share/bash-completion/completions/kith",
                "/.local/share/zsh/site-functions/_kith", "/.config/fish/completions/kith.fish",
            ]
        for path in paths + extras {
            #expect(FileManager.default.fileExists(atPath: base + path), "missing \(path)")
        }
        // The completions name the commands; the man page renders.
        let bash = try String(contentsOfFile: base + extras[1], encoding: .utf8)
        #expect(bash.contains("import") && bash.contains("rename"))
        let (manStatus, page) = try Command.run(["man", "-l", base + extras[0]], environment: ["MANWIDTH": "80"])
        #expect(manStatus == 0 && page.contains("kith"), "\(page.prefix(300))")
        // Stripped: no symbol table left.
        let (_, symbols) = try Command.run(["nm", base + paths[0]])
        #expect(symbols.contains("no symbols"), "\(symbols.prefix(200))")
        let config = base + (mode == "system" ? "/etc/kith/config.json" : "/.config/kith/config.json")
        if mode == "system" { #expect(try permissions(config) == 0o644) }
        try "{ \"mine\": true }".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try Command.run(arguments).0 == 0)
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "{ \"mine\": true }")
        if mode == "system" {
            #expect(try permissions(base + "/etc/kith/smtp-password") == 0o600, "the password stays root's")
            #expect(try permissions(base + "/etc/kith/imap-password") == 0o600)
            // The dynamic user must read the config, which holds no secret.
            #expect(try permissions(base + "/etc/kith") == 0o755)
        } else {
            #expect(try permissions(base + "/.config/kith") == 0o700)
        }
    }
}
