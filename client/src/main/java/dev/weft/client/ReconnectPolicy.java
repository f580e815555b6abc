package dev.weft.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how often a client reconnects after losing its connection: exponential back-off with
 * jitter, up to a number of attempts. Off unless asked for.
 *
 * @param maxAttempts  attempts after each loss before giving up; at least 1
 * @param initialDelay the delay before the first attempt
 * @param maxDelay     the ceiling the delay grows to
 * @param multiplier   how much the delay grows per attempt; at least 1
 * @param jitter       the random share taken off each delay, 0 to 1, so that many clients do not
 *                     come back in step
 */
public record ReconnectPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ReconnectPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1 || multiplier < 1 || jitter < 0 || jitter > 1 || initialDelay.isNegative()
                || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need maxAttempts >= 1, multiplier >= 1, 0 <= jitter <= 1, 0 <= initialDelay <= maxDelay");
        }
    }

    /**
     * Returns a sensible policy: 10 attempts, 250 ms doubling to 30 s, 50 % jitter.
     *
     * @return the policy
     */
    public static ReconnectPolicy defaults() {
        return new ReconnectPolicy(10, Duration.ofMillis(250), Duration.ofSeconds(30), 2.0, 0.5);
    }

    /**
     * Returns the delay before an attempt.
     *
     * @param attempt the attempt, from 1
     * @return the delay, jitter applied
     */
    public Duration delayBefore(int attempt) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, attempt - 1);
        double capped = Math.min(base, maxDelay.toMillis());
        double jittered = capped * (1 - jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.round(jittered));
    }
}
