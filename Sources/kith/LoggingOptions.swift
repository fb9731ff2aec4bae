import ArgumentParser
import KithDaemon
import Logging

/// `--log-level`, and setting up swift-log to write to stderr.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "notice"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError(
                "\"\(logLevel)\" is not a log level; use trace, debug, info, notice, warning, error or critical")
        }
    }

    var level: Logger.Level { Logger.Level(rawValue: logLevel) ?? .notice }

    /// Logging for the daemon and its helpers: stderr, with priorities when journald reads it.
    func bootstrapJournal(label: String, environment: [String: String]) -> Logger {
        let level = self.level
        LoggingSystem.bootstrap { _ in JournalLogHandler(level: level, environment: environment) }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    func bootstrap(label: String) -> Logger {
        let level = self.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
