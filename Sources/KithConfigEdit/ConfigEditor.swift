import KithCore

/// Edits the people of a config as text: only the bytes of the entries added, changed or
/// removed change; comments, blank lines, key order, indentation and trailing commas elsewhere
/// stay exactly as they were. New entries copy the layout of the last existing one.
public struct ConfigEditor: Sendable {
    public private(set) var text: ConfigText

    public var bytes: [UInt8] { text.bytes }

    public init(bytes: [UInt8]) {
        text = ConfigText(bytes)
    }

    /// One value to write: its key and its JSON text (`ConfigEditor.string("…")`, `"[…]"`, …).
    public typealias Field = (key: String, json: String)

    public static func string(_ text: String) -> String { JSONText.quoted(text) }

    public static func strings(_ list: [String]) -> String {
        "[" + list.map(JSONText.quoted).joined(separator: ", ") + "]"
    }

    // MARK: - Finding people

    /// The `people` member of the root object, if there is one.
    func peopleMember() throws(ConfigText.Malformed) -> ConfigText.Member? {
        try text.members(ofObjectAt: try text.rootObject()).last { $0.key == "people" }
    }

    /// Each entry of `people`: where it is, and its name (nil when it has none).
    public func people() throws(ConfigText.Malformed) -> [(name: String?, span: Range<Int>)] {
        guard let member = try peopleMember(), text.bytes[member.value.lowerBound] == UInt8(ascii: "[") else {
            return []
        }
        var result: [(name: String?, span: Range<Int>)] = []
        for span in try text.elements(ofArrayAt: member.value.lowerBound) {
            result.append((name: try name(of: span), span: span))
        }
        return result
    }

    private func name(of span: Range<Int>) throws(ConfigText.Malformed) -> String? {
        guard text.bytes[span.lowerBound] == UInt8(ascii: "{") else { return nil }
        guard let member = try text.members(ofObjectAt: span.lowerBound).last(where: { $0.key == "name" }),
            text.bytes[member.value.lowerBound] == UInt8(ascii: "\"")
        else { return nil }
        return ConfigText.decodeString(text.bytes[(member.value.lowerBound + 1)..<(member.value.upperBound - 1)])
    }

    /// The entry of the person called `name` (compared as the config compares names).
    public func entry(named name: String) throws(ConfigText.Malformed) -> Range<Int>? {
        let key = Person.comparisonKey(name)
        return try people().first { $0.name.map(Person.comparisonKey) == key }?.span
    }

    // MARK: - Changing people

    /// Adds a person at the end of `people` (creating the list if there is none).
    public mutating func addPerson(_ fields: [Field]) throws(ConfigText.Malformed) {
        try addPeople([fields])
    }

    /// Adds people at the end of `people` in one edit (creating the list if there is none).
    public mutating func addPeople(_ entries: [[Field]]) throws(ConfigText.Malformed) {
        guard !entries.isEmpty else { return }
        let root = try text.rootObject()
        guard let member = try peopleMember() else {
            // No list yet: one, after the last member of the root object.
            let members = try text.members(ofObjectAt: root)
            let indent = members.last.flatMap { text.indentation(before: $0.keyStart) } ?? Array("  ".utf8)
            let inner = String(decoding: indent, as: UTF8.self) + "  "
            let rendered = entries.map { render($0, indent: indent + Array("  ".utf8), multiline: false) }
            let list =
                "\"people\": [\n" + inner + rendered.joined(separator: ",\n" + inner) + "\n"
                + String(decoding: indent, as: UTF8.self) + "]"
            try insertMember(list, inObjectAt: root, members: members, indent: indent)
            return
        }
        let arrayStart = member.value.lowerBound
        let elements = try text.elements(ofArrayAt: arrayStart)
        guard let last = elements.last else {
            // An empty list: the entries go inside, one level deeper than the member.
            let indent = text.indentation(before: member.keyStart) ?? []
            let inner = indent + Array("  ".utf8)
            let innerText = String(decoding: inner, as: UTF8.self)
            let rendered = entries.map { render($0, indent: inner, multiline: false) }
            let replacement =
                "[\n" + innerText + rendered.joined(separator: ",\n" + innerText) + "\n"
                + String(decoding: indent, as: UTF8.self) + "]"
            replace(member.value, with: replacement)
            return
        }
        let indent = text.indentation(before: last.lowerBound)
        let multiline = text.bytes[last].contains(0x0A)
        let rendered = entries.map { render($0, indent: indent ?? Array("  ".utf8), multiline: multiline, like: last) }
        if let indent {
            let indentText = String(decoding: indent, as: UTF8.self)
            try insertAfter(
                element: last, indentText + rendered.joined(separator: ",\n" + indentText), sameLine: false)
        } else {
            try insertAfter(element: last, rendered.joined(separator: ", "), sameLine: true)
        }
    }

    /// Adds a circle `name` with cadence `every` to `circles` (creating the section if needed).
    public mutating func addCircle(_ name: String, every: String) throws(ConfigText.Malformed) {
        let root = try text.rootObject()
        let members = try text.members(ofObjectAt: root)
        let definition = "{ \"every\": \(JSONText.quoted(every)) }"
        if let circles = members.last(where: { $0.key == "circles" }),
            text.bytes[circles.value.lowerBound] == UInt8(ascii: "{")
        {
            let inside = try text.members(ofObjectAt: circles.value.lowerBound)
            let indent = inside.last.flatMap { text.indentation(before: $0.keyStart) }
            try insertMember(
                JSONText.quoted(name) + ": " + definition, inObjectAt: circles.value.lowerBound,
                members: inside,
                indent: indent ?? [])
            return
        }
        let indent = members.last.flatMap { text.indentation(before: $0.keyStart) } ?? Array("  ".utf8)
        try insertMember(
            "\"circles\": { \(JSONText.quoted(name)): \(definition) }", inObjectAt: root, members: members,
            indent: indent)
    }

    private func indentOf(_ span: Range<Int>) -> [UInt8]? { text.indentation(before: span.lowerBound) }

    /// The edits that insert `entry` as the element after `element`, keeping the comma style.
    private func insertionAfter(element: Range<Int>, _ entry: String, sameLine: Bool) -> [(Range<Int>, String)] {
        let next = text.skipTrivia(element.upperBound)
        let hasComma = next < text.bytes.count && text.bytes[next] == UInt8(ascii: ",")
        let afterComma = hasComma ? next + 1 : element.upperBound
        if sameLine {
            let trimmed = entry.trimmingSpaces()
            return [(afterComma..<afterComma, hasComma ? " " + trimmed + "," : ", " + trimmed)]
        }
        // After whatever comment ends the line of the last element (it belongs to that element).
        let lineEnd = text.restOfLineIsTrivia(afterComma) ? text.lineEnd(afterComma) : afterComma
        var edits = [(lineEnd..<lineEnd, "\n" + entry + (hasComma ? "," : ""))]
        if !hasComma { edits.append((element.upperBound..<element.upperBound, ",")) }
        return edits
    }

    private mutating func insertAfter(element: Range<Int>, _ entry: String, sameLine: Bool) throws(ConfigText.Malformed)
    {
        apply(insertionAfter(element: element, entry, sameLine: sameLine))
    }

    /// Applies edits made against the current text, last first so that offsets stay right.
    private mutating func apply(_ edits: [(Range<Int>, String)]) {
        for (range, replacement) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            replace(range, with: replacement)
        }
    }

    /// Inserts `"key": value` text as the last member of the object at `start`.
    private mutating func insertMember(
        _ memberText: String, inObjectAt start: Int, members: [ConfigText.Member], indent: [UInt8]
    ) throws(ConfigText.Malformed) {
        guard let last = members.last else {
            replace((start + 1)..<(start + 1), with: " " + memberText + " ")
            return
        }
        let sameLine = text.indentation(before: last.keyStart) == nil
        try insertAfter(
            element: last.keyStart..<last.value.upperBound,
            String(decoding: sameLine ? [] : indent, as: UTF8.self) + memberText, sameLine: sameLine)
    }

    /// Sets `key` of the person called `name` to `json`: replaces the value if the key is there,
    /// else adds the member after the entry's last one. Returns false when there is no such person.
    @discardableResult
    public mutating func setField(ofPersonNamed name: String, key: String, json: String) throws(ConfigText.Malformed)
        -> Bool
    {
        try setFields([(name, key, json)]) == 1
    }

    /// `setField` for many people and keys in one pass over the text; returns how many were set.
    @discardableResult
    public mutating func setFields(_ changes: [(person: String, key: String, json: String)]) throws(ConfigText
        .Malformed)
        -> Int
    {
        var spans: [String: Range<Int>] = [:]
        for entry in try people() {
            if let name = entry.name {
                spans[Person.comparisonKey(name)] = spans[Person.comparisonKey(name)] ?? entry.span
            }
        }
        var byPerson: [Range<Int>: [(key: String, json: String)]] = [:]
        var order: [Range<Int>] = []
        var count = 0
        for change in changes {
            guard let span = spans[Person.comparisonKey(change.person)],
                text.bytes[span.lowerBound] == UInt8(ascii: "{")
            else { continue }
            if byPerson[span] == nil { order.append(span) }
            byPerson[span, default: []].append((change.key, change.json))
            count += 1
        }
        var edits: [(Range<Int>, String)] = []
        for span in order {
            let members = try text.members(ofObjectAt: span.lowerBound)
            var added: [String] = []
            for (key, json) in byPerson[span]! {
                if let existing = members.last(where: { $0.key == key }) {
                    edits.append((existing.value, json))
                } else {
                    added.append(JSONText.quoted(key) + ": " + json)
                }
            }
            guard !added.isEmpty else { continue }
            guard let last = members.last else {
                edits.append(((span.lowerBound + 1)..<(span.lowerBound + 1), " " + added.joined(separator: ", ") + " "))
                continue
            }
            let indent = text.indentation(before: last.keyStart)
            let indentText = String(decoding: indent ?? [], as: UTF8.self)
            edits += insertionAfter(
                element: last.keyStart..<last.value.upperBound,
                indent == nil
                    ? added.joined(separator: ", ") : indentText + added.joined(separator: ",\n" + indentText),
                sameLine: indent == nil)
        }
        apply(edits)
        return count
    }

    /// Removes the person called `name`, with the comma and the comment on its line. Returns
    /// false when there is no such person.
    @discardableResult
    public mutating func removePerson(named name: String) throws(ConfigText.Malformed) -> Bool {
        guard let span = try entry(named: name) else { return false }
        var start = span.lowerBound
        var end = span.upperBound
        let next = text.skipTrivia(end)
        if next < text.bytes.count, text.bytes[next] == UInt8(ascii: ",") {
            end = next + 1
        } else {
            // The last element without a trailing comma: the comma before it goes.
            var previous = start - 1
            while previous > 0, [0x20, 0x09, 0x0A, 0x0D].contains(text.bytes[previous]) { previous -= 1 }
            if previous > 0, text.bytes[previous] == UInt8(ascii: ",") { start = previous }
        }
        // An entry on lines of its own takes those lines, and the comment ending its last line.
        if start == span.lowerBound, text.indentation(before: start) != nil, text.restOfLineIsTrivia(end) {
            start = text.lineStart(start)
            let lineEnd = text.lineEnd(end)
            end = lineEnd < text.bytes.count ? lineEnd + 1 : lineEnd
        } else if text.restOfLineIsTrivia(end), start != span.lowerBound {
            end = text.lineEnd(end)
        }
        replace(start..<end, with: "")
        return true
    }

    // MARK: - Text

    private mutating func replace(_ range: Range<Int>, with replacement: String) {
        text.bytes.replaceSubrange(range, with: Array(replacement.utf8))
    }

    /// An entry's text: `{ "name": "Ada", … }` on one line, or one member a line like `model`.
    private func render(_ fields: [Field], indent: [UInt8], multiline: Bool, like model: Range<Int>? = nil) -> String {
        let pairs = fields.map { JSONText.quoted($0.key) + ": " + $0.json }
        guard multiline else { return "{ " + pairs.joined(separator: ", ") + " }" }
        var inner = indent + Array("  ".utf8)
        if let model, let first = try? text.members(ofObjectAt: model.lowerBound).first,
            let found = text.indentation(before: first.keyStart)
        {
            inner = found
        }
        let innerText = String(decoding: inner, as: UTF8.self)
        return "{\n" + pairs.map { innerText + $0 }.joined(separator: ",\n") + "\n"
            + String(decoding: indent, as: UTF8.self)
            + "}"
    }
}
