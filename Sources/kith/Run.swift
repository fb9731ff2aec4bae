import ArgumentParser
import Dispatch
import Foundation
import KithCore
import KithDaemon
import Logging

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon in the foreground (systemd runs this).",
        discussion: "SIGHUP reloads the config; SIGTERM or SIGINT stops within 10 seconds.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = logging.bootstrapJournal(label: "kith", environment: environment)
        let path: String
        let config: Config
        let bytes: [UInt8]
        do {
            path = try ConfigLoader.resolvePath(explicit: common.config, environment: environment)
            bytes = try ConfigLoader.read(path: path)
            config = try ConfigLoader.load(bytes: bytes, path: path)
        } catch {
            Output.error(error.description)
            throw ExitCode(.configuration)
        }
        let store = try common.openStore()
        let daemon: Daemon
        do {
            daemon = try Daemon(
                config: config, configBytes: bytes, configPath: path, store: store, environment: environment,
                logger: logger)
        } catch {
            Output.error(error.description)
            throw ExitCode(.configuration)
        }
        daemon.start()
        // The daemon must outlive the call above: without this an optimised build may release it
        // before dispatchMain(), and its handlers would find it gone.
        withExtendedLifetime(daemon) { dispatchMain() }
    }
}
