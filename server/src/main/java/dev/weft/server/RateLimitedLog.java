package dev.weft.server;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Log lines that may come in floods (a slowloris, a scanner, a misconfigured client retrying):
 * the first few of each interval are written as they come, the rest are counted and summed up
 * in one line when the interval ends, so a thousand refusals cost a few lines, not a thousand.
 * Thread-safe.
 */
final class RateLimitedLog {

    private final int perInterval;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Consumer<String> out;
    private final String what;

    private long windowStart;
    private int written;
    private int suppressed;

    /**
     * @param perInterval lines written as they come, per interval
     * @param interval    the interval
     * @param clock       nanoseconds, as {@link System#nanoTime()}
     * @param what        names what is counted in the summary, such as {@code "refused handshakes"}
     * @param out         where lines go
     */
    RateLimitedLog(int perInterval, Duration interval, LongSupplier clock, String what, Consumer<String> out) {
        this.perInterval = perInterval;
        this.intervalNanos = interval.toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.what = what;
        this.out = Objects.requireNonNull(out, "out");
        this.windowStart = clock.getAsLong();
    }

    /** Writes {@code line} now, or counts it for the interval's summary. */
    void log(String line) {
        String summary;
        boolean write;
        synchronized (this) {
            summary = roll(clock.getAsLong());
            write = written < perInterval;
            if (write) {
                written++;
            } else {
                suppressed++;
            }
        }
        // Outside the lock: the consumer may be slow (a terminal), and must not hold up the others.
        if (summary != null) {
            out.accept(summary);
        }
        if (write) {
            out.accept(line);
        }
    }

    /** Writes the summary of an interval that has ended, if lines were held back in it; the server's timer calls it. */
    void flush() {
        String summary;
        synchronized (this) {
            summary = roll(clock.getAsLong());
        }
        if (summary != null) {
            out.accept(summary);
        }
    }

    /** Starts a new interval if the current one has ended, and returns its summary, if any. */
    private String roll(long now) {
        if (now - windowStart < intervalNanos) {
            return null;
        }
        String summary = suppressed == 0 ? null : "… and " + suppressed + " more " + what + " in the last "
                + seconds(now - windowStart);
        windowStart = now;
        written = 0;
        suppressed = 0;
        return summary;
    }

    private static String seconds(long nanos) {
        return Math.max(1, Math.round(nanos / 1e9)) + " s";
    }
}
