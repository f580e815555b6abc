package dev.weft.benchmarks.load;

import dev.weft.benchmarks.load.LoadLoop.WindowCounts;
import java.io.IOException;
import java.time.Duration;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;

/**
 * One measurement of one server at one point: open the connections, load them through the
 * warm-up, count the window, then drain every message still in flight, which proves that none
 * was dropped, and close.
 */
final class PointRun {

    /** Handshakes outstanding at once while connections open. */
    static final int OPEN_CONCURRENCY = 256;
    /** How long opening the connections of one point may take. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);
    /** How long the last echoes may take after the last send, 1 MiB ones on a busy machine included. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private PointRun() {
    }

    /**
     * Measures one point.
     *
     * @param target        the server
     * @param point         connections, size and messages in flight
     * @param text          whether to send text instead of binary
     * @param warmup        load before the window
     * @param window        the measured window
     * @param clientThreads the generator's selector threads
     * @param serverCpu     the server's CPU time so far, in nanoseconds, sampled at the window's
     *                      start and end
     * @return the window's figures
     * @throws LoadFailure if the server mangles, drops or never returns an echo, or closes a
     *                     connection, or the generator cannot run
     */
    static EchoSample measure(EchoTarget target, EchoPoint point, boolean text, Duration warmup, Duration window,
                              int clientThreads, LongSupplier serverCpu) {
        return measure(target, point, text, warmup, window, clientThreads, serverCpu, () -> -1, DRAIN_TIMEOUT);
    }

    /**
     * Measures one point, the server's allocation included.
     *
     * @param serverAllocated the bytes the server has allocated so far, sampled at the window's
     *                        start and end; -1 where it cannot tell
     * @see #measure(EchoTarget, EchoPoint, boolean, Duration, Duration, int, LongSupplier)
     */
    static EchoSample measure(EchoTarget target, EchoPoint point, boolean text, Duration warmup, Duration window,
                              int clientThreads, LongSupplier serverCpu, LongSupplier serverAllocated) {
        return measure(target, point, text, warmup, window, clientThreads, serverCpu, serverAllocated, DRAIN_TIMEOUT);
    }

    /**
     * Measures one point, waiting {@code drainTimeout} for the last echoes; tests of servers that
     * drop messages wait less than {@link #DRAIN_TIMEOUT}.
     */
    static EchoSample measure(EchoTarget target, EchoPoint point, boolean text, Duration warmup, Duration window,
                              int clientThreads, LongSupplier serverCpu, Duration drainTimeout) {
        return measure(target, point, text, warmup, window, clientThreads, serverCpu, () -> -1, drainTimeout);
    }

    /**
     * Measures one point with permessage-deflate: JSON-like text messages, compressed
     * ({@link DeflateTraffic}), every echo inflated and compared.
     *
     * @param compression how to negotiate; not {@link Compression#NONE}
     * @param wireRatio   told the server's compression ratio over the whole run (its echoes'
     *                    bytes on the wire over their payload bytes)
     * @see #measure(EchoTarget, EchoPoint, boolean, Duration, Duration, int, LongSupplier, LongSupplier)
     */
    static EchoSample measure(EchoTarget target, EchoPoint point, Compression compression, Duration warmup, Duration window,
                              int clientThreads, LongSupplier serverCpu, LongSupplier serverAllocated, DoubleConsumer wireRatio) {
        return measure(target, point, true, warmup, window, clientThreads, serverCpu, serverAllocated, DRAIN_TIMEOUT,
                DeflateTraffic.of(compression, point.size()), wireRatio);
    }

    private static EchoSample measure(EchoTarget target, EchoPoint point, boolean text, Duration warmup, Duration window,
                                      int clientThreads, LongSupplier serverCpu, LongSupplier serverAllocated, Duration drainTimeout) {
        return measure(target, point, text, warmup, window, clientThreads, serverCpu, serverAllocated, drainTimeout, null, r -> { });
    }

    private static EchoSample measure(EchoTarget target, EchoPoint point, boolean text, Duration warmup, Duration window,
                                      int clientThreads, LongSupplier serverCpu, LongSupplier serverAllocated, Duration drainTimeout,
                                      DeflateTraffic traffic, DoubleConsumer wireRatio) {
        MessageFrame frame = MessageFrame.of(point.size(), text);
        try (LoadGenerator generator = new LoadGenerator(target, frame, point.inflight(), clientThreads, traffic)) {
            generator.open(point.connections(), OPEN_CONCURRENCY, OPEN_TIMEOUT);
            generator.startSending();
            generator.hold(warmup);

            long allocatedStart = serverAllocated.getAsLong();
            long serverStart = serverCpu.getAsLong();
            long generatorStart = generator.cpuNanos();
            long start = System.nanoTime();
            generator.startWindow(start);
            generator.hold(window);
            long end = System.nanoTime();
            generator.endWindow(end);
            long serverEnd = serverCpu.getAsLong();
            long generatorEnd = generator.cpuNanos();
            long allocatedEnd = serverAllocated.getAsLong();

            WindowCounts counts = generator.window();
            generator.drain(drainTimeout);
            if (traffic != null) {
                wireRatio.accept(generator.wireRatio());
            }
            if (counts.messages() == 0) {
                throw new LoadFailure(target.name() + ": no echo came back within the " + window.toMillis() + " ms window");
            }
            long allocated = allocatedStart < 0 || allocatedEnd < 0 ? -1 : allocatedEnd - allocatedStart;
            return new EchoSample(counts.messages(), counts.bytes(), end - start, counts.latencies(), serverEnd - serverStart,
                    generatorEnd - generatorStart, generator.verified(), allocated);
        } catch (IOException e) {
            throw new LoadFailure("the load generator could not start: " + e.getMessage(), e);
        }
    }
}
