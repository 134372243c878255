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

    @Test("durations out of range are refused with a message, never a trap")
    func durationRanges() throws {
        // Overflowing Int64 nanoseconds used to trap; now they are refused.
        for text in ["1e12d", "1e300s", "3651d", "87601h", "1e10"] {
            let refused = message { try EmulatorDuration.parse(text, option: "--idempotency-ttl") }
            #expect(refused?.contains("--idempotency-ttl must be a duration between 1ms and 3650d") == true, "\(text)")
            #expect(refused?.contains("'\(text)'") == true)
        }
        // Too short to be anything once rounded to nanoseconds, or below 1ms.
        for text in ["1e-12s", "0.5ms", "1e-4"] {
            let refused = message { try EmulatorDuration.parse(text, option: "--idempotency-ttl") }
            #expect(refused?.contains("between 1ms and 3650d") == true, "\(text)")
        }
        for text in ["0s", "-1s", "nan", "infs", "s", ""] {
            let refused = message { try EmulatorDuration.parse(text, option: "--idempotency-ttl") }
            #expect(refused?.contains("must be a positive duration") == true, "\(text)")
        }
        #expect(try EmulatorDuration.parse("1ms", option: "--idempotency-ttl") == .milliseconds(1))
        #expect(try EmulatorDuration.parse("3650d", option: "--idempotency-ttl") == EmulatorDuration.longest)
        #expect(try EmulatorDuration.parse("0.001", option: "--idempotency-ttl") == EmulatorDuration.shortest)

        for text in ["1/1e-12s", "1/0.1ms", "5/1e12d", "5/3651d", "1/1e300"] {
            let refused = message { try RateLimitRule(parsing: text) }
            #expect(refused?.contains("--rate-limit needs a period between 1ms and 3650d") == true, "\(text)")
            #expect(refused?.contains("'\(text)'") == true)
        }
        #expect(try RateLimitRule(parsing: "1/1ms") == RateLimitRule(limit: 1, period: .milliseconds(1)))
        // The benchmarks lift the limit out of the way with a count the importer would refuse.
        #expect(try RateLimitRule(parsing: "1000000000/1s") == RateLimitRule(limit: 1_000_000_000, period: .seconds(1)))
        #expect(try RateLimitRule(parsing: "1/3650d", option: "--creation-quota").period == EmulatorDuration.longest)
        #expect(message { try RateLimitRule(parsing: "99999999999999999999/1s") }?.contains("must look like 300/60s") == true)

        for text in ["1e300", "1e16", "315360000001"] {
            let refused = message { try EmulatorDuration.milliseconds(text, option: "--latency") }
            #expect(refused?.contains("--latency must be at most 315360000000 milliseconds") == true, "\(text)")
        }
        #expect(try EmulatorDuration.milliseconds("315360000000", option: "--latency") == EmulatorDuration.longest)
        #expect(try EmulatorDuration.milliseconds("0", option: "--latency") == .zero)
        #expect(throws: EmulatorConfigurationError.self) { try EmulatorDuration.milliseconds("inf", option: "--latency") }
    }

    @Test("quota status and header spelling")
    func quotaOptions() throws {
        #expect(try QuotaExceededStatus(parsing: "403") == .forbidden)
        #expect(try QuotaExceededStatus(parsing: "429") == .tooManyRequests)
        #expect(EmulatorConfiguration().quotaExceededStatus == .tooManyRequests)
        for bad in ["500", "forbidden", "", "4030"] {
            #expect(message { try QuotaExceededStatus(parsing: bad) } == "--quota-status must be 403 or 429; got '\(bad)'")
        }
        #expect(try QuotaHeaderSpelling(parsing: "quota") == .quota)
        #expect(try QuotaHeaderSpelling(parsing: "QuotaLimit") == .quotaLimit)
        #expect(EmulatorConfiguration().quotaHeaderSpelling == .quota)
        #expect(throws: EmulatorConfigurationError.self) { try QuotaHeaderSpelling(parsing: "quota-limit") }
        #expect(EmulatorConfiguration().faults.serverErrorStored == 0)
    }

    /// The message of the ``EmulatorConfigurationError`` `body` throws, or nil when it does not
    /// throw one.
    private func message<Value>(_ body: () throws -> Value) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? EmulatorConfigurationError)?.message
        }
    }
}
