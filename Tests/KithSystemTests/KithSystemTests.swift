import Foundation
import KithSystem
import Testing

@Suite struct DurableFileTests {
    let directory: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kith-system-\(UUID().uuidString)")
            .path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    @Test func aReplacementIsWholeWithItsModeAndLeavesNoTemporaryFile() throws {
        let path = directory + "/config.json"
        try DurableFile.writeWhole(Array("old".utf8), to: path, mode: 0o640)
        try DurableFile.replace(path, with: Array("new text".utf8), temporary: path + ".tmp", mode: 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new text")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    }

    @Test func aFileThatCannotBeWrittenSaysWhyAndLeavesTheOldOne() throws {
        let path = directory + "/kept"
        try DurableFile.writeWhole(Array("kept".utf8), to: path, mode: 0o600)
        #expect(throws: DurableFile.Failure.self) {
            try DurableFile.replace(path, with: [1], temporary: directory + "/missing/dir/tmp", mode: 0o600)
        }
        do {
            try DurableFile.writeWhole([1], to: directory + "/missing/file", mode: 0o600)
            Issue.record("a file in a missing directory was written")
        } catch {
            #expect(error.code == ENOENT)
            #expect(error.reason == "No such file or directory")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept")
    }
}

@Suite struct ProcessLivenessTests {
    /// Starts `arguments` as a child that nobody reaps until `waitpid`.
    private func spawn(_ arguments: [String]) throws -> pid_t {
        var pid: pid_t = 0
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let status = posix_spawn(&pid, arguments[0], nil, nil, &argv, environ)
        try #require(status == 0, "posix_spawn \(arguments[0]): \(status)")
        return pid
    }

    @Test func aLiveProcessRunsAndAZombieOrAReapedOneDoesNot() throws {
        #expect(ProcessLiveness.isRunning(getpid()))
        let sleeper = try spawn(["/bin/sleep", "30"])
        #expect(ProcessLiveness.isRunning(sleeper))
        kill(sleeper, SIGKILL)
        // Killed and not yet reaped: a zombie, which `kill(pid, 0)` still finds.
        var stat = ""
        for _ in 0..<200 where !stat.contains(") Z") {
            stat = (try? String(contentsOfFile: "/proc/\(sleeper)/stat", encoding: .utf8)) ?? ""
            usleep(10_000)
        }
        #expect(stat.contains(") Z"), "\(stat)")
        #expect(kill(sleeper, 0) == 0)
        #expect(!ProcessLiveness.isRunning(sleeper))
        var status: Int32 = 0
        waitpid(sleeper, &status, 0)
        #expect(!ProcessLiveness.isRunning(sleeper))
    }
}
