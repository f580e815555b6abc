package dev.weft.benchmarks.load;

import dev.weft.benchmarks.load.LoadLoop.WindowCounts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The load generator: raw non-blocking sockets on a few selector threads ({@link LoadLoop}), each
 * connection keeping W pre-encoded messages in flight ({@link LoadConnection}). The caller's
 * thread steers it: open, send, mark the window, collect, drain, close. The first thing any
 * connection finds wrong is kept, and every step afterwards throws it as a {@link LoadFailure}.
 */
final class LoadGenerator implements AutoCloseable {

    private final EchoTarget target;
    private final MessageFrame frame;
    private final int inflight;
    private final List<LoadLoop> loops = new ArrayList<>();
    private final AtomicReference<LoadFailure> failure = new AtomicReference<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Semaphore handshakes = new Semaphore(0);
    private final DeflateTraffic traffic;
    /** Connections with ids below this had their message from {@link #sendOnce}. */
    private int sentOnce;

    /**
     * Starts the generator's threads; no connection yet.
     *
     * @param target   the server
     * @param frame    the message every connection sends
     * @param inflight messages each connection keeps in flight (0 for idle connections)
     * @param threads  selector threads
     * @throws IOException if a selector cannot be opened
     */
    LoadGenerator(EchoTarget target, MessageFrame frame, int inflight, int threads) throws IOException {
        this(target, frame, inflight, threads, null);
    }

    /**
     * Starts the generator's threads; its connections offer permessage-deflate and send
     * {@code traffic}'s compressed messages instead of {@code frame}, when it is not null.
     *
     * @param traffic the compressed messages, or null to send {@code frame} uncompressed
     * @see #LoadGenerator(EchoTarget, MessageFrame, int, int)
     */
    LoadGenerator(EchoTarget target, MessageFrame frame, int inflight, int threads, DeflateTraffic traffic) throws IOException {
        this.traffic = traffic;
        this.target = target;
        this.frame = frame;
        this.inflight = inflight;
        try {
            for (int i = 0; i < threads; i++) {
                loops.add(new LoadLoop(this, frame, "load-" + target.name() + "-" + i));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens connections, at most {@code concurrency} of them connecting or handshaking at once,
     * and returns when all are open.
     *
     * @param connections how many
     * @param concurrency the most handshakes outstanding
     * @param timeout     how long all of them may take
     * @throws LoadFailure if one fails, or they are not all open in time
     */
    void open(int connections, int concurrency, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        handshakes.release(concurrency);
        int asked = open.get();
        for (int i = 0; i < connections; i++) {
            while (!acquire(deadline)) {
                check();
                if (System.nanoTime() > deadline) {
                    throw new LoadFailure(target.name() + ": only " + open.get() + " of " + connections
                            + " connections opened in " + timeout.toSeconds() + " s");
                }
            }
            check();
            int id = asked + i;
            loops.get(id % loops.size()).open(id, target, frame, inflight);
        }
        while (open.get() < asked + connections) {
            check();
            if (System.nanoTime() > deadline) {
                throw new LoadFailure(target.name() + ": only " + (open.get() - asked) + " of " + connections
                        + " connections opened in " + timeout.toSeconds() + " s");
            }
            sleep(Duration.ofMillis(5));
        }
        // Leave no permits behind for a later open() to start with.
        handshakes.drainPermits();
        check();
    }

    /**
     * Sends one message on every connection opened since the last call, and no more: {@link #drain}
     * then waits for the echoes. Connections that already had theirs send nothing, so that opening
     * in steps gives every connection exactly one message.
     */
    void sendOnce() {
        int from = sentOnce;
        sentOnce = open.get();
        loops.forEach(l -> l.sendOnce(from));
        check();
    }

    /**
     * Returns the server's compression ratio so far: its echoes' bytes on the wire, frame headers
     * included, over their payload bytes.
     *
     * @return the ratio, or NaN when nothing compressed came back
     */
    double wireRatio() {
        long wire = 0;
        long payload = 0;
        for (LoadLoop loop : loops) {
            long[] b = loop.compressedBytes();
            wire += b[0];
            payload += b[1];
        }
        return payload == 0 ? Double.NaN : (double) wire / payload;
    }

    /** The compressed messages, or null; the loops ask. */
    DeflateTraffic traffic() {
        return traffic;
    }

    /** Puts W messages in flight on every connection, and one more for every echo from then on. */
    void startSending() {
        for (LoadLoop loop : loops) {
            loop.startSending(inflight);
        }
        check();
    }

    /**
     * Waits, watching for failures.
     *
     * @param time how long
     * @throws LoadFailure as soon as a connection fails
     */
    void hold(Duration time) {
        long end = System.nanoTime() + time.toNanos();
        while (true) {
            check();
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            sleep(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50))));
        }
    }

    /** Starts counting echoes at {@code nanoTime}. */
    void startWindow(long nanoTime) {
        loops.forEach(l -> l.startWindow(nanoTime));
    }

    /** Stops counting at {@code nanoTime}. */
    void endWindow(long nanoTime) {
        loops.forEach(l -> l.endWindow(nanoTime));
    }

    /**
     * Returns what every loop counted in the window, merged; call after {@link #endWindow}.
     *
     * @return echoes, bytes and round trips
     */
    WindowCounts window() {
        long messages = 0;
        long bytes = 0;
        Histogram all = new Histogram(LoadLoop.MAX_LATENCY_NANOS, 3);
        for (LoadLoop loop : loops) {
            WindowCounts w = loop.window();
            messages += w.messages();
            bytes += w.bytes();
            all.add(w.latencies());
        }
        check();
        return new WindowCounts(messages, bytes, all);
    }

    /**
     * Stops sending and waits until every message in flight has come back, so that a server that
     * dropped one is caught.
     *
     * @param timeout how long the last echoes may take
     * @throws LoadFailure naming the connections still waiting, if any are after {@code timeout}
     */
    void drain(Duration timeout) {
        loops.forEach(LoadLoop::stopSending);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (loops.stream().mapToInt(LoadLoop::inFlight).sum() > 0) {
            check();
            if (System.nanoTime() > deadline) {
                List<String> waiting = new ArrayList<>();
                loops.forEach(l -> waiting.addAll(l.waiting()));
                throw new LoadFailure(target.name() + " dropped messages: " + waiting.size() + " connections still wait "
                        + String.format(java.util.Locale.ROOT, "%.1f", timeout.toMillis() / 1000.0) + " s after the last send: "
                        + String.join(", ", waiting.subList(0, Math.min(5, waiting.size()))) + (waiting.size() > 5 ? ", ..." : ""));
            }
            sleep(Duration.ofMillis(10));
        }
        check();
    }

    /**
     * Returns how many echoes had their payload compared with what was sent.
     *
     * @return the count over every connection
     */
    long verified() {
        return loops.stream().mapToLong(LoadLoop::verified).sum();
    }

    /**
     * Returns how many connections are open.
     *
     * @return connections whose handshake completed
     */
    int openConnections() {
        return open.get();
    }

    /**
     * Returns the CPU time the generator's threads have used.
     *
     * @return nanoseconds, summed over the selector threads
     */
    long cpuNanos() {
        return loops.stream().mapToLong(LoadLoop::cpuNanos).sum();
    }

    /**
     * Throws the first failure any connection met.
     *
     * @throws LoadFailure if there was one
     */
    void check() {
        LoadFailure f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    /** Closes every connection and stops the threads. */
    @Override
    public void close() {
        loops.forEach(LoadLoop::close);
    }

    String targetName() {
        return target.name();
    }

    void opened() {
        open.incrementAndGet();
        handshakes.release();
    }

    void fail(LoadFailure f) {
        failure.compareAndSet(null, f);
    }

    private boolean acquire(long deadline) {
        try {
            return handshakes.tryAcquire(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted while opening connections");
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted");
        }
    }
}
