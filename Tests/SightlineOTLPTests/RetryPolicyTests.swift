@testable import SightlineOTLP
import Testing

@Suite("Retry policy and Retry-After")
struct RetryPolicyTests {
    @Test func defaultBackoffDoublesUpToTheMaximum() {
        let policy = OTLPRetryPolicy.default
        #expect(policy.maximumAttempts == 6)
        #expect((1...7).map { policy.backoff(beforeRetry: $0) }
            == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5), .seconds(5)])
    }

    @Test func jitterKeepsEachWaitBetweenHalfAndAllOfItsBackoff() {
        let policy = OTLPRetryPolicy.default
        var generator = SystemRandomNumberGenerator()
        for retry in 1...5 {
            let backoff = policy.backoff(beforeRetry: retry)
            let waits = (0..<200).map { _ in policy.delay(beforeRetry: retry, using: &generator) }
            #expect(waits.allSatisfy { $0 >= backoff / 2 && $0 <= backoff }, "retry \(retry)")
            #expect(Set(waits).count > 100, "waits are spread, not constant")
        }
        let fixed = OTLPRetryPolicy(jitter: 0)
        #expect(fixed.delay(beforeRetry: 2, using: &generator) == .seconds(1))
    }

    @Test func settingsAreClampedToSaneValues() {
        let policy = OTLPRetryPolicy(maximumAttempts: 0, initialBackoff: .seconds(2), maximumBackoff: .seconds(1),
                                     multiplier: 0.5, jitter: 3)
        #expect(policy.maximumAttempts == 1)
        #expect(policy.maximumBackoff == .seconds(2))
        #expect(policy.multiplier == 1)
        #expect(policy.jitter == 1)
        #expect(OTLPRetryPolicy.never.maximumAttempts == 1)
    }

    @Test func retryAfterInSeconds() {
        #expect(RetryAfter.delay("120", now: 0) == .seconds(120))
        #expect(RetryAfter.delay(" 0 ", now: 0) == .zero)
        #expect(RetryAfter.delay("99999999999999999999", now: 0) == .seconds(86_400))
        #expect(RetryAfter.delay("-5", now: 0) == nil)
        #expect(RetryAfter.delay("1.5", now: 0) == nil)
        #expect(RetryAfter.delay("", now: 0) == nil)
        #expect(RetryAfter.delay("soon", now: 0) == nil)
    }

    @Test func retryAfterAsAnHTTPDateInEachOfItsThreeForms() {
        // RFC 9110's example instant: 1994-11-06 08:49:37 UTC.
        let instant = 784_111_777.0
        #expect(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == instant)
        #expect(RetryAfter.httpDate("Sunday, 06-Nov-94 08:49:37 GMT") == instant)
        #expect(RetryAfter.httpDate("Sun Nov  6 08:49:37 1994") == instant)
        #expect(RetryAfter.httpDate("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(RetryAfter.httpDate("Tue, 29 Feb 2028 23:59:59 GMT") == 1_835_481_599)
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:49:47 GMT", now: instant) == .seconds(10))
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:49:27 GMT", now: instant) == .zero)  // in the past: no wait
    }

    @Test(arguments: ["Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                      "Sun, 06 Nov 1994 GMT", "Sun, 06 Nov 08:49:37 GMT", "08:49:37"])
    func malformedDatesAreIgnored(value: String) {
        #expect(RetryAfter.delay(value, now: 0) == nil)
    }
}
