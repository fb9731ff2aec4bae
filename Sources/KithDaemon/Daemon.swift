import CKithSystem
import Dispatch
import Foundation
public import KithCore
import KithMail
public import KithStore
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `kith run`: decides when to send, on Dispatch timers armed with wall-clock deadlines, and
/// sleeps in between. All Dispatch handlers live in this type.
///
/// `@unchecked Sendable`: every mutable property is read and written only on `queue`, a
/// serial queue; the delivery queue touches none of them and reports back through `queue`.
public final class Daemon: @unchecked Sendable {
    private let queue = DispatchQueue(label: "kith.daemon")
    private let deliveryQueue = DispatchQueue(label: "kith.delivery")
    private let configPath: String
    private let environment: [String: String]
    private let logger: Logger
    private let notifier: SystemdNotifier
    private let store: Store
    private let retry: RetryPolicy
    private let pid = getpid()

    private let executable: String
    private var config: Config
    private var configBytes: [UInt8]
    private var renderer: DigestRenderer
    /// The `kith deliver` process sending now, if any.
    private var child: Process?
    /// False after a configuration failure until the config is reloaded.
    private var configChanged = true
    private var timer: (any DispatchSourceTimer)?
    private var watchdog: (any DispatchSourceTimer)?
    private var signals: SignalPipe?
    private var inFlight: LocalDate?
    private var stopping = false
    private var lastStatus = ""
    /// No send is started before this instant: set after a send that ended without a recorded
    /// outcome (the store could not be written, the child died), so that never spins.
    private var notBefore: Date?
    /// Sends in a row that ended without an outcome, for the back-off.
    private var unrecordedFailures = 0
    /// The `kith scan` process reading the mailbox now, if any, and when the last one started.
    private var scanChild: Process?
    private var scanStartedAt: Date?
    /// How the last capture pass ended (`ok`, `transient`, `configuration`, …): a failure is
    /// logged when this changes, not at every pass.
    private var scanOutcome = "ok"

    /// How long before each digest a capture pass runs, so the digest reflects the mail.
    static let captureLead: TimeInterval = 300

    /// The longest the daemon sleeps without looking at the clock again.
    static let recheckInterval: TimeInterval = 3600

    /// How long the daemon waits at SIGTERM for a send in flight: the child's whole send is
    /// bounded by `smtp.timeoutSeconds` (at most 120) plus a few seconds, so it fits in the
    /// unit's `TimeoutStopSec=150`.
    var stopWait: TimeInterval { TimeInterval(config.smtp?.timeoutSeconds ?? 30) + 10 }

    /// - Parameters:
    ///   - configBytes: the file as read, handed to each `kith deliver` so it sends with the
    ///     config the daemon validated, even if the file changed since.
    ///   - executable: the kith binary that `deliver` runs from.
    public init(
        config: Config, configBytes: [UInt8], configPath: String, store: Store, environment: [String: String],
        logger: Logger, executable: String = "/proc/self/exe"
    ) throws(ConfigError) {
        self.config = config
        self.configBytes = configBytes
        self.executable = executable
        self.configPath = configPath
        self.renderer = try DigestRenderer(config: config)
        self.environment = environment
        self.logger = logger
        self.store = store
        self.notifier = SystemdNotifier(environment: environment)
        self.retry = RetryPolicy.current(environment: environment)
    }

    /// Installs the signal handlers, tells systemd it is ready and plans the first event.
    /// Call once, then park the main thread in `dispatchMain()`.
    public func start() {
        // One malloc arena: the daemon has two busy threads at most, and per-thread arenas would
        // keep memory resident that the idle daemon never uses again.
        kith_malloc_single_arena()
        // Writing the config to a `kith deliver` that already exited must be an error, not death.
        signal(SIGPIPE, SIG_IGN)
        queue.sync {
            signals = SignalPipe(signals: [SIGHUP, SIGTERM, SIGINT], queue: queue) { [unowned self] number in
                if number == SIGHUP { reload() } else { stop(number) }
            }
            notifier.notify("READY=1")
            logger.notice(
                "kith is running",
                metadata: ["config": "\(configPath)", "state": "\(store.path)", "people": "\(config.people.count)"])
            recordFirstSeen()
            warnAboutThePassword()
            startWatchdog()
            evaluate()
        }
    }

    // MARK: - Events (on `queue`)

    private func evaluate() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopping, inFlight == nil else { return }
        let now = Date()
        let clock = ZoneClock(timeZone: config.timeZone)
        let schedule = DigestSchedule(settings: config.digest, timeZone: config.timeZone)
        let today = clock.local(now).date
        let nextSlot = schedule.nextSlot(after: now)
        var wake = nextSlot.instant
        var todayNote = ""
        do {
            if !store.reconcileAcceptedMarkers() {
                wake = min(wake, now.addingTimeInterval(60))  // fold it in once the store can be written
            }
            let record = try store.digest(on: today)
            switch DigestPlan.decide(
                now: now, slot: schedule.slot(on: today), record: record, configChanged: configChanged)
            {
            case .sendNow where notBefore.map({ $0 > now }) ?? false:
                wake = min(wake, notBefore!)
                todayNote = "retrying today's digest at \(clock.local(notBefore!).description.suffix(5))"
            case .sendNow:
                if let deadline = waitForCapture(before: schedule.slot(on: today), now: now) {
                    wake = min(wake, deadline)
                    todayNote = "reading the mailbox before today's digest"
                    break
                }
                let prepared = try DigestOutbox.prepare(
                    store: store, config: config, renderer: renderer, day: today, now: now)
                if prepared.state == .empty {
                    logger.info("Nobody is due today; no digest", metadata: ["digest.date": "\(today)"])
                    todayNote = "nobody due today"
                } else if Store.claimIsLive(prepared, now: now) {
                    // Another process (kith send, or a deliver left from before) is sending it: look again soon.
                    wake = min(wake, now.addingTimeInterval(60))
                    todayNote = "today's digest is being sent by another kith process"
                } else {
                    deliver(prepared)
                    return
                }
            case .retry(let at):
                wake = min(wake, at)
                todayNote = "retrying today's digest at \(clock.local(at).description.suffix(5))"
            case .idle:
                todayNote = Daemon.describe(record, now: now)
            }
        } catch {
            logger.error("The state store failed; trying again in 5 minutes", metadata: ["store.error": "\(error)"])
            wake = min(wake, now.addingTimeInterval(300))
            todayNote = "state store error"
        }
        if let next = nextCapture(before: nextSlot.instant, now: now) {
            if next <= now {
                startCapture(now: now)
            } else {
                wake = min(wake, next)
            }
        }
        wake = min(wake, now.addingTimeInterval(Daemon.recheckInterval))
        arm(at: wake)
        // Going back to sleep: hand the memory the work above freed back to the system, and the
        // pages of code start-up and this event touched (read back from the binary when needed).
        kith_malloc_trim()
        kith_release_code_pages()
        var status = "Next digest \(schedule.describe(nextSlot.instant))"
        if !todayNote.isEmpty { status += "; \(todayNote)" }
        setStatus(status)
    }

    // MARK: - Capture passes (docs/replies.md)

    /// While today's digest waits for its capture pass: the instant it stops waiting. A pass is
    /// started if none ran since `captureLead` before the slot; the digest waits for it at most
    /// `imap.timeoutSeconds` from when it started, so IMAP never holds the digest up for longer.
    private func waitForCapture(before slot: Date?, now: Date) -> Date? {
        guard let imap = config.imap, let slot else { return nil }
        let wanted = slot.addingTimeInterval(-Daemon.captureLead)
        if scanChild == nil {
            guard (scanStartedAt ?? .distantPast) < wanted else { return nil }
            startCapture(now: now)
        }
        guard let started = scanStartedAt else { return nil }
        let deadline = started.addingTimeInterval(TimeInterval(imap.timeoutSeconds))
        return deadline > now ? deadline : nil
    }

    /// When the next capture pass is due: `captureLead` before the next digest, and every
    /// `imap.pollMinutes` (the first at start); nil without `imap` or while one runs.
    private func nextCapture(before slot: Date, now: Date) -> Date? {
        guard let imap = config.imap, scanChild == nil else { return nil }
        let last = scanStartedAt ?? .distantPast
        var next = Date.distantFuture
        let beforeDigest = slot.addingTimeInterval(-Daemon.captureLead)
        if last < beforeDigest { next = beforeDigest }
        if imap.pollMinutes > 0 {
            next = min(next, scanStartedAt.map { $0.addingTimeInterval(TimeInterval(imap.pollMinutes * 60)) } ?? now)
        }
        return next == .distantFuture ? nil : next
    }

    /// Runs one capture pass in a `kith scan` child, as sends run in `kith deliver`: the daemon
    /// never loads libcurl, and the config goes through a pipe, never the command line.
    private func startCapture(now: Date) {
        guard scanChild == nil, !stopping else { return }
        scanStartedAt = now
        let arguments = [
            "scan", "--for-daemon", "--config", "-", "--state", store.directory, "--log-level",
            "\(max(logger.logLevel, .notice))",
        ]
        scanChild = spawn(arguments, what: "kith scan") { [unowned self] status in captureFinished(status: status) }
    }

    /// Starts `kith ARGUMENTS` with the validated config on its standard input (never on its
    /// command line), and calls `finished` on `queue` with its exit code (nil when it did not
    /// exit normally, or could not be started).
    private func spawn(_ arguments: [String], what: String, finished: @escaping @Sendable (Int32?) -> Void) -> Process?
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let input = Pipe()
        process.standardInput = input
        do {
            try process.run()
        } catch {
            logger.error("Could not start \(what)", metadata: ["error": "\(error)"])
            queue.async { finished(nil) }
            return nil
        }
        let bytes = configBytes
        deliveryQueue.async { [unowned self] in
            // A child that exits early leaves the pipe closed: the write fails (EPIPE), it does not crash.
            try? input.fileHandleForWriting.write(contentsOf: Data(bytes))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            let status: Int32? = process.terminationReason == .exit ? process.terminationStatus : nil
            queue.async { finished(status) }
        }
        return process
    }

    private func captureFinished(status: Int32?) {
        scanChild = nil
        let outcome: String
        switch status.flatMap(ExitStatus.init(rawValue:)) {
        case .success?: outcome = "ok"
        case .temporaryFailure?: outcome = "transient"
        case .configuration?: outcome = "configuration"
        default: outcome = "failed"
        }
        if outcome != scanOutcome {
            if outcome == "ok" {
                logger.notice("The mailbox can be read again")
            } else {
                let last = try? store.lastScan()
                logger.error(
                    "The mailbox could not be read; the digest goes out without it",
                    metadata: [
                        "imap.kind": "\(outcome)",
                        "imap.error":
                            "\(last?.error ?? "kith scan ended with \(status.map(String.init) ?? "a signal")")",
                    ])
            }
            scanOutcome = outcome
        }
        if stopping {
            if inFlight == nil {
                logger.notice("Stopped")
                exit(0)
            }
            return
        }
        evaluate()
    }

    private static func describe(_ record: DigestRecord?, now: Date) -> String {
        guard let record else { return "" }
        if Store.isUncertain(record, now: now) {
            return
                "today's digest may not have arrived (no answer after it was handed over); kith send --force resends it"
        }
        switch record.state {
        case .sent: return "today's digest was sent"
        case .empty: return "nobody due today"
        case .failed where record.failureKind == .configuration:
            return "today's digest waits for a config fix: \(record.lastError ?? "")"
        case .failed: return "today's digest was rejected: \(record.lastError ?? "")"
        default: return ""
        }
    }

    /// Sends the day's recorded digest through a `kith deliver` child, which claims it, sends it
    /// and records the outcome; the daemon reads that outcome from the store afterwards.
    private func deliver(_ record: DigestRecord) {
        inFlight = record.date
        setStatus("Sending the digest for \(record.date)")
        let day = record.date
        let attempts = record.attempts + 1
        let arguments = [
            "deliver", "--day", "\(record.date)", "--config", "-", "--state", store.directory, "--log-level",
            "\(logger.logLevel)",
        ]
        child = spawn(arguments, what: "kith deliver") { [unowned self] status in
            deliveryFinished(day: day, attempts: attempts, status: status)
        }
    }

    /// - Parameter status: the child's exit code, or nil when it did not exit normally.
    private func deliveryFinished(day: LocalDate, attempts: Int, status: Int32?) {
        inFlight = nil
        child = nil
        switch status.flatMap(ExitStatus.init(rawValue:)) {
        case .success?, .unavailable?, .uncertain?:
            unrecordedFailures = 0  // sent, rejected or maybe accepted: recorded, nothing to retry now
        case .notClaimed?:
            break  // another process holds the digest: evaluate() sees its claim and waits
        case .configuration?:
            unrecordedFailures = 0
            configChanged = false  // waits for a reload
        default:
            // Deferred (the child recorded when to retry), or the child could not record an
            // outcome at all (the store busy or the disk full) or died. Either way nothing is
            // started again before a back-off, whatever the store says, so it never spins.
            unrecordedFailures += 1
            let delay = retry.delay(afterAttempt: unrecordedFailures)
            notBefore = Date().addingTimeInterval(delay)
            if status != ExitStatus.temporaryFailure.rawValue {
                logger.error(
                    "kith deliver ended without an outcome; retrying later",
                    metadata: [
                        "digest.date": "\(day)", "exit": "\(status.map(String.init) ?? "signal")",
                        "digest.retry_in": "\(Int(delay))s",
                    ])
                try? store.markFailed(
                    day: day, kind: .transient, error: "the delivery process ended without recording an outcome",
                    nextAttemptAt: notBefore)
            }
        }
        if stopping {
            logger.notice("Stopped")
            exit(0)
        }
        evaluate()
    }

    private func reload() {
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())")
        do {
            let bytes = try ConfigLoader.read(path: configPath)
            let fresh = try ConfigLoader.load(bytes: bytes, path: configPath)
            let freshRenderer = try DigestRenderer(config: fresh)
            if fresh.imap?.url != config.imap?.url || fresh.imap?.username != config.imap?.username {
                scanStartedAt = nil  // another mailbox (or none): its first pass runs now
            }
            config = fresh
            configBytes = bytes
            renderer = freshRenderer
            configChanged = true
            recordFirstSeen()
            warnAboutThePassword()
            logger.notice("Reloaded the config", metadata: ["people": "\(fresh.people.count)"])
        } catch {
            logger.error(
                "The changed config has problems; still running with the previous one",
                metadata: ["config.problems": "\(error.problems.map(\.description).joined(separator: "; "))"])
        }
        notifier.notify("READY=1")
        lastStatus = ""
        evaluate()
    }

    private func stop(_ signalNumber: Int32) {
        guard !stopping else { return }
        stopping = true
        notifier.notify("STOPPING=1")
        timer?.cancel()
        logger.notice("Stopping", metadata: ["signal": "\(signalNumber == SIGTERM ? "TERM" : "INT")"])
        // A capture pass may stop anywhere: what it applied is in the store, the rest is read
        // again by the next one.
        if let scan = scanChild, scan.isRunning { kill(scan.processIdentifier, SIGTERM) }
        guard let day = inFlight else { exit(0) }
        // The send in flight is bounded by its own timeouts: wait for it, then exit. The claim
        // is never released here: if the child outlives the wait, its claim is judged on the
        // next start by its pid and by whether it had handed the message over, so a digest the
        // server may have accepted is not sent again.
        logger.notice(
            "Waiting for the send in flight to finish",
            metadata: ["digest.date": "\(day)", "wait": "\(Int(stopWait))s"])
        queue.asyncAfter(deadline: .now() + stopWait) { [unowned self] in
            logger.warning(
                "The send in flight did not finish in time; its outcome is settled at the next start",
                metadata: ["digest.date": "\(day)"])
            exit(0)
        }
    }

    // MARK: - Helpers

    private func recordFirstSeen() {
        let today = ZoneClock(timeZone: config.timeZone).local(Date()).date
        do {
            try store.adoptAliases(config.people)
            try store.recordFirstSeen(config.people.map(\.key), on: today)
        } catch {
            logger.error("Could not record new people", metadata: ["store.error": "\(error)"])
        }
    }

    private func warnAboutThePassword() {
        for warning in SMTPEndpoint.passwordWarnings(config: config, environment: environment) {
            logger.warning("The SMTP password is not private", metadata: ["warning": "\(warning)"])
        }
    }

    private func arm(at instant: Date) {
        timer?.cancel()
        let source = DispatchSource.makeTimerSource(queue: queue)
        let seconds = instant.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let deadline = DispatchWallTime(
            timespec: timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1_000_000_000)))
        source.schedule(wallDeadline: deadline, leeway: .seconds(1))
        source.setEventHandler { [unowned self] in evaluate() }
        source.resume()
        timer = source
        logger.debug("Sleeping until the next event", metadata: ["wake": "\(instant.formatted(.iso8601))"])
    }

    private func startWatchdog() {
        watchdog = notifier.startWatchdog(on: queue)
    }

    private func setStatus(_ status: String) {
        guard status != lastStatus else { return }
        lastStatus = status
        notifier.notify("STATUS=\(status)")
    }
}
