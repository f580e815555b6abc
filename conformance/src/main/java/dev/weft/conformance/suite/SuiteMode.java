package dev.weft.conformance.suite;

import java.time.Duration;
import java.util.Locale;

/**
 * How big and how patient the native suite is.
 *
 * <p>{@link #QUICK}, the default and what {@code ./weft test} runs, keeps every case but scales
 * section 9 down (message sizes divided by 16, message counts by 10) and waits less where a wait
 * is part of the case (the fail-fast checks of 6.4, the pause of 5.19). Deadlines that only run
 * out when a peer misbehaves stay generous. {@link #FULL} uses Autobahn's sizes, counts and waits.
 *
 * @param name         {@code quick} or {@code full}
 * @param sizeDivisor  section 9 message sizes are divided by this
 * @param countDivisor section 9 message counts are divided by this
 * @param quietWait    how long a {@link Step.Wait} waits
 * @param pause        how long a {@link Step.Pause} waits
 * @param deadline     how long a case may take after its script before the fuzzer closes or
 *                     drops the connection (Autobahn's closeAfter and killAfter)
 * @param closeWait    how long the fuzzer waits for each step of the closing handshake
 * @param longDeadline the deadline of the large cases of section 9
 */
public record SuiteMode(String name, int sizeDivisor, int countDivisor, Duration quietWait, Duration pause,
                        Duration deadline, Duration closeWait, Duration longDeadline) {

    /** Section 9 scaled down, short waits: the mode of the normal build. */
    public static final SuiteMode QUICK = new SuiteMode("quick", 16, 10, Duration.ofMillis(500),
            Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(60));

    /** Autobahn's sizes, counts and waits. */
    public static final SuiteMode FULL = new SuiteMode("full", 1, 1, Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(300));

    /**
     * Returns a mode by name.
     *
     * @param name {@code quick} or {@code full}, any case
     * @return the mode
     * @throws IllegalArgumentException for any other name
     */
    public static SuiteMode named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "quick" -> QUICK;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("unknown suite mode '" + name + "' (quick or full)");
        };
    }

    /**
     * Returns a section 9 size in this mode.
     *
     * @param fullSize Autobahn's size in bytes
     * @return the size to use
     */
    public int size(int fullSize) {
        return fullSize / sizeDivisor;
    }

    /**
     * Returns a section 9 count in this mode.
     *
     * @param fullCount Autobahn's count
     * @return the count to use
     */
    public int count(int fullCount) {
        return Math.max(1, fullCount / countDivisor);
    }
}
