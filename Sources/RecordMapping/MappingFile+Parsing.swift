import ImportCore
import Yams

/// Reads a composed YAML document into a `MappingFile`, with an actionable error for the first
/// problem, naming the file and the key (a JSON pointer).
struct MappingFileParser {
    let file: String

    private static let topLevelKeys = ["template", "reference-id", "fields", "tags", "note", "meta"]
    private static let sourceKeys = ["column", "transforms", "default", "trim"]
    private static let templateKeys = ["inquiry-template-id", "inquiry-template-version-id", "template-id"]
    private static let templatePrefixes = ["inquiry-template-id": "itmpl_", "inquiry-template-version-id": "itmplv_", "template-id": "tmpl_"]

    func fail(_ pointer: String, _ problem: String, _ node: Node? = nil) -> MappingError {
        MappingError(file: file, pointer: pointer, problem + (node.map(YAMLDocument.at) ?? ""))
    }

    func parse(_ root: Node) throws(MappingError) -> MappingFile {
        guard case .mapping(let top) = root else {
            throw fail("", "the mapping file must be an object with keys " + Self.topLevelKeys.joined(separator: ", "), root)
        }
        var result = MappingFile()
        var sawFields = false
        for (keyNode, value) in top {
            let key = keyNode.string ?? ""
            let pointer = JSONPointer.appending("", key)
            switch key {
            case "template":
                result.template = try template(value, pointer: pointer)
            case "reference-id":
                result.referenceID = try source(value, pointer: pointer, instancePointer: "/reference-id")
            case "fields":
                sawFields = true
                result.fields = try fields(value, pointer: pointer)
            case "tags":
                result.tags = try tags(value, pointer: pointer)
            case "note":
                result.note = try string(value, pointer: pointer)
            case "meta":
                result.meta = try meta(value, pointer: pointer)
            default:
                throw fail(pointer, "unknown key \"\(key)\"; known: " + Self.topLevelKeys.joined(separator: ", "), keyNode)
            }
        }
        guard sawFields else {
            throw fail("/fields", "missing: add a fields: section mapping Persona field keys to your columns", root)
        }
        return result
    }

    // MARK: Scalars

    private func string(_ node: Node, pointer: String) throws(MappingError) -> String {
        guard case .scalar(let scalar) = node, node.isTextScalar else {
            throw fail(pointer, "expected a string (quote it if it looks like a number or true/false)", node)
        }
        return scalar.string
    }

    private func nonEmptyString(_ node: Node, pointer: String) throws(MappingError) -> String {
        let value = try string(node, pointer: pointer)
        guard !value.isEmpty else { throw fail(pointer, "must not be empty", node) }
        return value
    }

    private func mapping(_ node: Node, pointer: String, what: String) throws(MappingError) -> Node.Mapping {
        guard case .mapping(let mapping) = node else { throw fail(pointer, "expected \(what)", node) }
        return mapping
    }

    // MARK: Sections

    private func template(_ node: Node, pointer: String) throws(MappingError) -> InquiryDraft.Template {
        if case .scalar = node {
            let id = try nonEmptyString(node, pointer: pointer)
            guard let template = InquiryDraft.Template.parse(id) else {
                throw fail(pointer, "a template id must start with itmpl_, itmplv_ or tmpl_ followed by letters and digits", node)
            }
            return template
        }
        let entries = try mapping(node, pointer: pointer, what: "{ inquiry-template-id: itmpl_… } (or inquiry-template-version-id / template-id)")
        guard entries.count == 1 else {
            throw fail(pointer, "exactly one of inquiry-template-id, inquiry-template-version-id, template-id; found \(entries.count)", node)
        }
        for (keyNode, value) in entries {
            let key = keyNode.string ?? ""
            let child = JSONPointer.appending(pointer, key)
            guard let prefix = Self.templatePrefixes[key] else {
                throw fail(child, "unknown key \"\(key)\"; known: " + Self.templateKeys.joined(separator: ", "), keyNode)
            }
            let id = try nonEmptyString(value, pointer: child)
            guard id.hasPrefix(prefix), let template = InquiryDraft.Template.parse(id), template.attributeName == key else {
                throw fail(child, "\(key) must start with \(prefix) followed by letters and digits", value)
            }
            return template
        }
        throw fail(pointer, "no template given")
    }

    private func fields(_ node: Node, pointer: String) throws(MappingError) -> [FieldSpec] {
        let entries = try mapping(node, pointer: pointer, what: "an object from Persona field keys to columns")
        guard !entries.isEmpty else { throw fail(pointer, "map at least one field (e.g. name-first: First Name)", node) }
        var result: [FieldSpec] = []
        for (keyNode, value) in entries {
            let key = keyNode.string ?? ""
            let child = JSONPointer.appending(pointer, key)
            guard Self.isFieldKey(key) else {
                throw fail(child, "\"\(key)\" is not a field key (letters, digits, - and _, starting with a letter)", keyNode)
            }
            result.append(FieldSpec(key: key, source: try source(value, pointer: child, instancePointer: JSONPointer.appending("/fields", key))))
        }
        return result
    }

    static func isFieldKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, key.utf8.count <= 100,
            (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A)
        else { return false }
        return key.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    private func tags(_ node: Node, pointer: String) throws(MappingError) -> [String] {
        guard case .sequence(let sequence) = node else { throw fail(pointer, "expected a list of tags, e.g. [nightly-import]", node) }
        var tags: [String] = []
        for (index, item) in sequence.enumerated() {
            tags.append(try nonEmptyString(item, pointer: JSONPointer.appending(pointer, index)))
        }
        return tags
    }

    /// A column name, or `{column, transforms, default}`.
    private func source(_ node: Node, pointer: String, instancePointer: String, extraKeys: [String] = []) throws(MappingError) -> SourceSpec {
        if case .scalar = node {
            return SourceSpec(column: try nonEmptyString(node, pointer: pointer), chain: .trimOnly, pointer: pointer, instancePointer: instancePointer)
        }
        let entries = try mapping(node, pointer: pointer, what: "a column name or { column: …, transforms: […], default: … }")
        var column: String?
        var chain = TransformChain()
        for (keyNode, value) in entries {
            let key = keyNode.string ?? ""
            let child = JSONPointer.appending(pointer, key)
            switch key {
            case "column": column = try nonEmptyString(value, pointer: child)
            case "default": chain.defaultValue = try string(value, pointer: child)
            case "transforms": try transforms(value, pointer: child, into: &chain)
            case "trim":
                guard case .scalar = value, value.tagName == .bool, let on = value.bool else {
                    throw fail(child, "expected true or false", value)
                }
                chain.trims = on
            default:
                throw fail(child, "unknown key \"\(key)\"; known: " + (Self.sourceKeys + extraKeys).joined(separator: ", "), keyNode)
            }
        }
        guard let column else { throw fail(pointer, "missing column: add column: <the input's column name>", node) }
        return SourceSpec(column: column, chain: chain, pointer: pointer, instancePointer: instancePointer)
    }

    private func transforms(_ node: Node, pointer: String, into chain: inout TransformChain) throws(MappingError) {
        guard case .sequence(let sequence) = node else {
            throw fail(pointer, "expected a list, e.g. [trim, upper] or [{ date: [MM/dd/yyyy] }]", node)
        }
        for (index, item) in sequence.enumerated() {
            let child = JSONPointer.appending(pointer, index)
            let known = "; known: " + Transform.knownNames.joined(separator: ", ")
            if case .scalar = item {
                let name = try string(item, pointer: child)
                switch name {
                case "trim": chain.transforms.append(.trim)
                case "upper": chain.transforms.append(.upper)
                case "lower": chain.transforms.append(.lower)
                case "collapse-spaces": chain.transforms.append(.collapseSpaces)
                case "country": chain.transforms.append(.country)
                case "us-state": chain.transforms.append(.usState)
                case "phone": chain.transforms.append(.phone(PhoneTransform(defaultCountry: nil)))
                case "date": throw fail(child, "date needs its input formats, e.g. { date: [MM/dd/yyyy] }", item)
                case "default": throw fail(child, "default needs a value, e.g. { default: US }", item)
                default: throw fail(child, "unknown transform \"\(name)\"" + known, item)
                }
                continue
            }
            let entries = try mapping(item, pointer: child, what: "a transform name or { name: argument }")
            guard entries.count == 1, let (keyNode, argument) = entries.first else {
                throw fail(child, "a transform object has exactly one key, e.g. { date: [MM/dd/yyyy] }", item)
            }
            let name = keyNode.string ?? ""
            let argumentPointer = JSONPointer.appending(child, name)
            switch name {
            case "trim":
                guard case .scalar = argument, argument.tagName == .bool, let on = argument.bool else {
                    throw fail(argumentPointer, "expected true or false", argument)
                }
                // trim: false turns off the default trim; trim: true trims again at this point.
                if on { chain.transforms.append(.trim) } else { chain.trims = false }
            case "date":
                chain.transforms.append(.date(try date(argument, pointer: argumentPointer)))
            case "phone":
                chain.transforms.append(.phone(try phone(argument, pointer: argumentPointer)))
            case "default":
                chain.defaultValue = try string(argument, pointer: argumentPointer)
            case "upper", "lower", "collapse-spaces", "country", "us-state":
                throw fail(argumentPointer, "\(name) takes no argument; write it as a plain name", keyNode)
            default:
                throw fail(child, "unknown transform \"\(name)\"" + known, keyNode)
            }
        }
    }

    private func date(_ node: Node, pointer: String) throws(MappingError) -> DateTransform {
        var formats: [(String, String)] = []
        switch node {
        case .scalar:
            formats.append((try nonEmptyString(node, pointer: pointer), pointer))
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() {
                let child = JSONPointer.appending(pointer, index)
                formats.append((try nonEmptyString(item, pointer: child), child))
            }
        default:
            throw fail(pointer, "expected a date format or a list of them, e.g. [MM/dd/yyyy, yyyy-MM-dd]", node)
        }
        guard !formats.isEmpty else { throw fail(pointer, "list at least one input format, e.g. [MM/dd/yyyy]", node) }
        var patterns: [DatePattern] = []
        for (text, formatPointer) in formats {
            do {
                patterns.append(try DatePattern(text))
            } catch {
                throw fail(formatPointer, "bad date format \"\(text)\": \(error.reason)", node)
            }
        }
        return DateTransform(patterns: patterns)
    }

    private func phone(_ node: Node, pointer: String) throws(MappingError) -> PhoneTransform {
        let entries = try mapping(node, pointer: pointer, what: "{ default-country: US }")
        var country: String?
        for (keyNode, value) in entries {
            let key = keyNode.string ?? ""
            let child = JSONPointer.appending(pointer, key)
            guard key == "default-country" else {
                throw fail(child, "unknown key \"\(key)\"; known: default-country", keyNode)
            }
            let code = try nonEmptyString(value, pointer: child)
            guard CallingCodes.table[code] != nil else {
                let known = CallingCodes.table.keys.sorted().joined(separator: " ")
                throw fail(child, "no calling code known for \"\(code)\"; use an upper-case ISO alpha-2 code from: \(known)", value)
            }
            country = code
        }
        return PhoneTransform(defaultCountry: country)
    }

    private func meta(_ node: Node, pointer: String) throws(MappingError) -> [MetaSpec] {
        let entries = try mapping(node, pointer: pointer, what: "an object of Persona meta keys")
        var result: [MetaSpec] = []
        for (keyNode, value) in entries {
            let key = keyNode.string ?? ""
            let child = JSONPointer.appending(pointer, key)
            guard let kind = MetaKeys.kind(of: key) else {
                throw fail(child, "unknown meta key \"\(key)\"; known: " + MetaKeys.names.joined(separator: ", "), keyNode)
            }
            switch kind {
            case .bool:
                guard case .scalar = value, value.tagName == .bool, let flag = value.bool else {
                    throw fail(child, "expected true or false", value)
                }
                result.append(.constant(key: key, value: .bool(flag)))
            case .seconds:
                guard case .scalar = value, value.tagName == .int, let seconds = value.int, seconds >= 0 else {
                    throw fail(child, "expected a whole number of seconds (0 or more)", value)
                }
                result.append(.constant(key: key, value: .integer(seconds)))
            case .string(let prefix):
                result.append(try metaString(value, key: key, prefix: prefix, pointer: child))
            }
        }
        return result
    }

    private func metaString(_ node: Node, key: String, prefix: String?, pointer: String) throws(MappingError) -> MetaSpec {
        let entries = try mapping(node, pointer: pointer, what: "{ column: … } (from a column) or { value: … } (a constant)")
        if let constant = entries["value"] {
            guard entries.count == 1 else {
                throw fail(pointer, "give either value: (a constant) or column: (with transforms, default), not both", node)
            }
            let value = try nonEmptyString(constant, pointer: JSONPointer.appending(pointer, "value"))
            if let prefix, !value.hasPrefix(prefix) {
                throw fail(JSONPointer.appending(pointer, "value"), "\(key) must start with \(prefix)", constant)
            }
            return .constant(key: key, value: .string(value))
        }
        let spec = try source(node, pointer: pointer, instancePointer: JSONPointer.appending("/meta", key), extraKeys: ["value"])
        return .column(key: key, source: spec)
    }
}
