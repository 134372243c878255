import JSON
import Testing
import JSONSchema

/// A compiled schema is shared by the mapping workers: validate from many tasks at once.
@Suite struct ConcurrencyTests {
    @Test func concurrentValidationAgrees() async throws {
        let s = try schema(#"""
        {"type": "object", "properties": {"zip": {"pattern": "^[0-9]{5}$"}, "d": {"format": "date"}},
         "required": ["zip"], "additionalProperties": false}
        """#)
        let results = await withTaskGroup(of: (Int, Bool, Int).self) { group in
            for task in 0..<8 {
                group.addTask {
                    var valid = 0
                    var errorCount = 0
                    for i in 0..<2_000 {
                        let zip = i % 2 == 0 ? "12345" : "1234"
                        let instance = JSONValue.object(["zip": .string(zip), "d": .string("2024-02-29")])
                        if s.isValid(instance) { valid += 1 }
                        errorCount += s.validate(instance).count
                    }
                    return (task, valid == 1_000, errorCount)
                }
            }
            var all: [(Int, Bool, Int)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 8)
        for (task, validCountRight, errorCount) in results {
            #expect(validCountRight, "task \(task)")
            #expect(errorCount == 1_000, "task \(task)")
        }
    }
}
