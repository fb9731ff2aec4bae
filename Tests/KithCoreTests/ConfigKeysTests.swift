import Foundation
import KithCore
import Testing

/// The man page's CONFIGURATION section names every key the config decoder knows, and the
/// decoder knows every key the section names: the two come from one list (`ConfigKeys`).
@Suite struct ConfigKeysTests {
    private let page: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/man/kith.1"), encoding: .utf8)) ?? ""
    }()

    @Test func theManPageDescribesEveryConfigKey() {
        #expect(page.contains(".Sh CONFIGURATION"))
        var missing: [String] = []
        for (section, keys) in ConfigKeys.sections {
            for key in keys {
                let path = section.isEmpty ? key : "\(section).\(key)"
                if !page.contains("Cm \(path)\n"), !page.contains("Cm \(path) ,") { missing.append(path) }
            }
        }
        #expect(missing.isEmpty, "docs/man/configuration.mdoc does not describe \(missing) (then run scripts/man)")
    }

    @Test func everyKeyTheManPageNamesIsOneTheDecoderTakes() {
        let known = Set(
            ConfigKeys.sections.flatMap { section, keys in keys.map { section.isEmpty ? $0 : "\(section).\($0)" } })
        let described = page.components(separatedBy: "\n").filter { $0.hasPrefix(".It Cm ") }
            .flatMap { $0.dropFirst(".It Cm ".count).components(separatedBy: " , Cm ") }
        #expect(!described.isEmpty)
        for path in described { #expect(known.contains(path), "the man page names \(path), which the config has not") }
    }
}
