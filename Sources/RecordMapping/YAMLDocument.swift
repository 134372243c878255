import JSON
import JSONSchema
import Yams

/// A mapping file parsed with Yams (YAML 1.1 and JSON both), checked for what YAML allows and
/// JSON does not (aliases, non-string keys, duplicate keys), and converted to a `JSONValue` for
/// schema validation.
struct YAMLDocument {
    let file: String
    let root: Node

    init(text: String, file: String) throws(MappingError) {
        self.file = file
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw MappingError(Self.describe(error, file: file))
        } catch {
            throw MappingError("\(file): not readable as YAML or JSON: \(error)")
        }
        guard let composed else {
            throw MappingError("\(file): the mapping file is empty; it needs at least a fields: section")
        }
        self.root = composed
        _ = try json(root, pointer: "")
    }

    private static func describe(_ error: YamlError, file: String) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let context = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return "\(file):\(mark.line):\(mark.column): YAML syntax error: \(problem)\(context); fix the file (YAML or JSON) and run again"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(file):\(context.mark.line):\(context.mark.column): duplicate key \(keys) in one mapping; keep one"
        case .reader(let problem, _, _, _):
            return "\(file): cannot read as UTF-8 text: \(problem)"
        default:
            return "\(file): YAML syntax error: \(error)"
        }
    }

    /// The document as JSON. Mapping keys must be strings and unique.
    func json() throws(MappingError) -> JSONValue {
        try json(root, pointer: "")
    }

    private func json(_ node: Node, pointer: String) throws(MappingError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch node.tagName {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map(JSONValue.integer) ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for (index, item) in sequence.enumerated() {
                items.append(try json(item, pointer: JSONPointer.appending(pointer, index)))
            }
            return .array(items)
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    throw MappingError(file: file, pointer: pointer, "keys must be plain strings" + Self.at(key))
                }
                let name = scalar.string
                let child = JSONPointer.appending(pointer, name)
                guard object[name] == nil else {
                    throw MappingError(file: file, pointer: child, "duplicate key \"\(name)\"" + Self.at(key) + "; keep one")
                }
                object[name] = try json(value, pointer: child)
            }
            return .object(object)
        case .alias:
            throw MappingError(file: file, pointer: pointer, "YAML aliases (*name) are not supported; write the value out" + Self.at(node))
        }
    }

    static func at(_ node: Node) -> String {
        node.mark.map { " (line \($0.line))" } ?? ""
    }
}

extension Node {
    /// The resolved tag's name (`Tag.name` is internal to Yams).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }

    /// True for a scalar that YAML reads as text (not null, a boolean or a number).
    var isTextScalar: Bool {
        guard case .scalar = self else { return false }
        let name = tagName
        return name != .null && name != .bool && name != .int && name != .float
    }
}
