import PersonaEmulator
import Testing

@Suite("Option parsing")
struct ConfigurationParsingTests {
    @Test("rate rules parse N/PERIOD")
    func rateRules() throws {
        #expect(try RateLimitRule(parsing: "300/60s") == RateLimitRule(limit: 300, period: .seconds(60)))
        #expect(try RateLimitRule(parsing: "5/1s") == RateLimitRule(limit: 5, period: .seconds(1)))
        #expect(try RateLimitRule(parsing: "150/1m") == RateLimitRule(limit: 150, period: .seconds(60)))
        #expect(try RateLimitRule(parsing: "10/500ms") == RateLimitRule(limit: 10, period: .milliseconds(500)))
        for bad in ["abc", "300", "0/60s", "300/0s", "300/abc", "-1/1s", "3/1s/2"] {
            #expect(throws: EmulatorConfigurationError.self) { try RateLimitRule(parsing: bad) }
        }
        do {
            _ = try RateLimitRule(parsing: "abc", option: "--creation-quota")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("--creation-quota"))
            #expect(error.message.contains("300/60s"))
        }
    }

    @Test("durations, probabilities and inflections")
    func scalars() throws {
        #expect(try EmulatorDuration.parse("24h", option: "--idempotency-ttl") == .seconds(86400))
        #expect(try EmulatorDuration.parse("90s", option: "--idempotency-ttl") == .seconds(90))
        #expect(try EmulatorDuration.parse("500ms", option: "--idempotency-ttl") == .milliseconds(500))
        #expect(throws: EmulatorConfigurationError.self) { try EmulatorDuration.parse("soon", option: "--idempotency-ttl") }
        #expect(try EmulatorDuration.probability("0.25", option: "--fault-5xx") == 0.25)
        #expect(throws: EmulatorConfigurationError.self) { try EmulatorDuration.probability("1.5", option: "--fault-5xx") }
        #expect(throws: EmulatorConfigurationError.self) { try EmulatorDuration.probability("-0.1", option: "--fault-5xx") }
        #expect(try EmulatorDuration.keyInflection("camel", option: "--key-inflection") == .camel)
        #expect(throws: EmulatorConfigurationError.self) { try EmulatorDuration.keyInflection("pascal", option: "--key-inflection") }
        #expect(EmulatorDuration.list(" name-*, address-* ,,") == ["name-*", "address-*"])
    }
}
