// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "kith",
    products: [
        .executable(name: "kith", targets: ["kith"]),
        // Team mode: many members on PostgreSQL. A separate program, so that nothing of it is
        // in the single-user daemon's path.
        .executable(name: "kith-team", targets: ["kith-team"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(
            name: "KithCore",
            dependencies: [.product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: upcoming
        ),
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        .target(name: "CKithSystem"),
        // System calls kith's modules share: durable file writes, whether a process is alive.
        .target(name: "KithSystem", swiftSettings: upcoming),
        .target(
            name: "KithMail",
            dependencies: [
                "KithCore",
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // Editing the config file as text, byte-exact outside what changes.
        .target(
            name: "KithConfigEdit",
            dependencies: ["KithCore", "KithSystem"],
            swiftSettings: upcoming
        ),
        // Address-book formats: vCard, Google Contacts CSV, LinkedIn Connections.csv. Pure.
        .target(
            name: "KithAddressBook",
            dependencies: ["KithCore"],
            swiftSettings: upcoming
        ),
        // Commands in replies to the digest, and the confirmation kith answers with: pure.
        .target(
            name: "KithReplies",
            dependencies: ["KithCore"],
            swiftSettings: upcoming
        ),
        .target(
            name: "KithStore",
            dependencies: [
                "KithCore",
                "KithSystem",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, to read a blob column in place (`Store.contactState`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "KithDaemon",
            dependencies: [
                "KithCore",
                "KithMail",
                "KithStore",
                "KithReplies",
                "CKithSystem",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // libpq from Debian (libpq-dev), linked only into kith-team.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // Team mode: the PostgreSQL store, the schema, claims of (member, day) digests.
        .target(
            name: "KithTeam",
            dependencies: [
                "KithCore",
                "KithMail",
                "KithDaemon",
                "KithStore",
                "KithReplies",
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "kith-team",
            dependencies: [
                "KithCore",
                "KithMail",
                "KithTeam",
                "KithDaemon",
                "KithStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/KithTeamCommand",
            swiftSettings: upcoming,
            plugins: ["GitRevision"]
        ),
        // `kith --version` says which revision of a checkout it was built from.
        .plugin(name: "GitRevision", capability: .buildTool()),
        .executableTarget(
            name: "kith",
            dependencies: [
                "KithCore",
                "KithConfigEdit",
                "KithAddressBook",
                "KithMail",
                "KithStore",
                "KithDaemon",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming,
            plugins: ["GitRevision"]
        ),
        // The fuzz target for the config decoder and the MIME builder: scripts/fuzz builds it with
        // libFuzzer; a plain build replays the inputs it is given.
        .executableTarget(
            name: "kith-fuzz",
            dependencies: ["KithCore", "KithMail"],
            path: "Sources/KithFuzz",
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KithCoreTests",
            dependencies: ["KithCore", "KithTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming
        ),
        .target(
            name: "KithTestSupport",
            path: "Tests/KithTestSupport",
            resources: [.copy("Scripts")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KithMailTests",
            dependencies: ["KithMail", "KithCore", "KithTestSupport"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KithAddressBookTests",
            dependencies: ["KithAddressBook", "KithCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KithConfigEditTests",
            dependencies: ["KithConfigEdit", "KithCore"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KithRepliesTests",
            dependencies: ["KithReplies", "KithCore"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KithSystemTests",
            dependencies: ["KithSystem"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KithStoreTests",
            dependencies: ["KithStore", "KithCore", "KithTestSupport"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KithDaemonTests",
            dependencies: ["KithDaemon", "KithCore", "KithStore", "KithTestSupport"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KithTeamTests",
            dependencies: ["KithTeam", "KithCore", "KithMail", "KithStore", "KithTestSupport", "kith-team", "kith"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KithEndToEndTests",
            dependencies: ["kith", "KithTestSupport"],
            swiftSettings: upcoming
        ),
    ],
    swiftLanguageModes: [.v6]
)
