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
    @Test func thisProcessRunsAndAnExitedOneDoesNot() throws {
        #expect(ProcessLiveness.isRunning(getpid()))
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        let pid = child.processIdentifier
        // Exited but not yet reaped: a zombie, which is not running.
        var waited = 0
        while waited < 200, (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z") != true
        {
            usleep(10_000)
            waited += 1
        }
        #expect(!ProcessLiveness.isRunning(pid))
        child.waitUntilExit()
        #expect(!ProcessLiveness.isRunning(pid))
    }
}
