package dev.weft.benchmarks.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What every soak connection adds up, read by the progress lines and the verdict. */
final class SoakCounters {

    private final LongAdder echoes = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder pings = new LongAdder();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger closedCleanly = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    void echoed(int payloadBytes) {
        echoes.increment();
        bytes.add(payloadBytes);
    }

    void pinged() {
        pings.increment();
    }

    void closeCompleted() {
        closedCleanly.incrementAndGet();
    }

    void fail(int connection, long message, Exception e) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, "connection " + connection + " at message " + message + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    /** Echoes that came back intact and in order. */
    long echoes() {
        return echoes.sum();
    }

    /** Their payload bytes. */
    long bytes() {
        return bytes.sum();
    }

    /** Pings the server sent (keepalive), all answered. */
    long pings() {
        return pings.sum();
    }

    int failures() {
        return failures.get();
    }

    int closedCleanly() {
        return closedCleanly.get();
    }

    /** The first failure in words, or {@code null}. */
    String firstFailure() {
        return firstFailure.get();
    }
}
