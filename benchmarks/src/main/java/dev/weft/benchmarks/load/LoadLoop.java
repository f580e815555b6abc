package dev.weft.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * One generator thread: a selector over its share of the connections. Other threads reach it
 * only through {@link #call} (a task run between selects) and a few volatile switches: whether
 * to send more, and the bounds of the measured window. It counts echoes and records their round
 * trips only inside the window, so warm-up and drain stay out of the figures.
 */
final class LoadLoop implements AutoCloseable {

    /** The longest round trip recorded; longer ones are recorded as this. */
    static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int READ_BUFFER = 256 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LoadGenerator generator;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final ByteBuffer run;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final int messageSize;
    private final Histogram latencies = new Histogram(MAX_LATENCY_NANOS, 3);
    private volatile boolean sending;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean closing;
    private long messages;

    LoadLoop(LoadGenerator generator, MessageFrame frame, String name) throws IOException {
        this.generator = generator;
        this.selector = Selector.open();
        this.run = frame.newRun();
        this.messageSize = frame.size();
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
        thread.start();
    }

    /**
     * Runs a task on this loop's thread and waits for its result.
     *
     * @throws LoadFailure if the task throws or the loop does not get to it in time
     */
    <T> T call(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LoadFailure f ? f : new LoadFailure(String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new LoadFailure("generator thread " + thread.getName() + " did not answer for 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted");
        }
    }

    /** Opens one connection to {@code target}; the generator hears of it through {@link LoadGenerator#opened}. */
    void open(int id, EchoTarget target, MessageFrame frame, int inflight) {
        tasks.add(() -> {
            LoadConnection c = null;
            try {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                c = new LoadConnection(id, this, channel, frame, !target.webSocket(), inflight, generator.traffic());
                connections.add(c);
                c.connect(channel.register(selector, 0, c), target);
            } catch (IOException | RuntimeException e) {
                fail(c, id, e);
            }
        });
        selector.wakeup();
    }

    /** Puts {@code inflight} messages in flight on every open connection, and keeps them there. */
    void startSending(int inflight) {
        sending = true;
        call(() -> {
            long now = System.nanoTime();
            for (LoadConnection c : connections) {
                try {
                    c.send(inflight, now);
                } catch (IOException | RuntimeException e) {
                    fail(c, c.id(), e);
                }
            }
            return null;
        });
    }

    /** Sends one message on every open connection whose id is {@code fromId} or above, and no more as echoes come back. */
    void sendOnce(int fromId) {
        call(() -> {
            long now = System.nanoTime();
            for (LoadConnection c : connections) {
                if (c.id() < fromId) {
                    continue;
                }
                try {
                    c.send(1, now);
                } catch (IOException | RuntimeException e) {
                    fail(c, c.id(), e);
                }
            }
            return null;
        });
    }

    /** Returns the echoes' wire and payload bytes over every connection, when compressed. */
    long[] compressedBytes() {
        return call(() -> {
            long[] sum = new long[2];
            for (LoadConnection c : connections) {
                long[] b = c.compressedBytes();
                sum[0] += b[0];
                sum[1] += b[1];
            }
            return sum;
        });
    }

    /** Stops sending new messages; those in flight still come back and are read. */
    void stopSending() {
        sending = false;
    }

    boolean sending() {
        return sending;
    }

    /** Counts echoes from {@code nanoTime} on. */
    void startWindow(long nanoTime) {
        windowStart = nanoTime;
    }

    /** Stops counting at {@code nanoTime}; {@link #window()} then has the window's figures. */
    void endWindow(long nanoTime) {
        windowEnd = nanoTime;
    }

    /** Returns what the window counted; call after {@link #endWindow}. */
    WindowCounts window() {
        return call(() -> new WindowCounts(messages, messages * messageSize, latencies.copy()));
    }

    /** Returns the messages still unanswered over every connection. */
    int inFlight() {
        return call(() -> connections.stream().mapToInt(LoadConnection::inFlight).sum());
    }

    /** Returns how many echoes had their payload compared, over every connection. */
    long verified() {
        return call(() -> connections.stream().mapToLong(LoadConnection::verified).sum());
    }

    /** Returns the connections still waiting for echoes, for a failure message. */
    List<String> waiting() {
        return call(() -> connections.stream().filter(c -> c.inFlight() > 0)
                .map(c -> "connection " + c.id() + " (" + c.inFlight() + " unanswered after " + c.echoes() + " echoes)").toList());
    }

    /** Returns the CPU time this loop's thread has used. */
    long cpuNanos() {
        long t = THREADS.getThreadCpuTime(thread.threadId());
        return Math.max(0, t);
    }

    /** Called by a connection for each echo, with its round trip. */
    void record(long roundTripNanos, long now) {
        if (now >= windowStart && now < windowEnd) {
            messages++;
            latencies.recordValue(Math.min(roundTripNanos, MAX_LATENCY_NANOS));
        }
    }

    /** Called by a connection once its handshake completes. */
    void opened() {
        generator.opened();
    }

    /**
     * Returns the run of frames the connections of this loop send from.
     *
     * @return this loop's own view, used only on its thread; each send sets its position and limit
     */
    ByteBuffer run() {
        return run;
    }

    /** Closes every connection and stops the thread. */
    @Override
    public void close() {
        closing = true;
        sending = false;
        tasks.add(() -> connections.forEach(LoadConnection::close));
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try (selector) {
            while (true) {
                selector.select(this::ready, 100);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                if (closing && tasks.isEmpty()) {
                    connections.forEach(LoadConnection::close);
                    return;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            generator.fail(new LoadFailure("generator thread " + thread.getName() + " failed: " + e, e));
        }
    }

    private void ready(SelectionKey key) {
        LoadConnection c = (LoadConnection) key.attachment();
        try {
            if (key.isConnectable()) {
                c.connectable();
                return;
            }
            if (key.isWritable()) {
                c.writable();
            }
            if (key.isValid() && key.isReadable()) {
                c.readable(readBuffer);
            }
        } catch (IOException | RuntimeException e) {
            fail(c, c.id(), e);
        }
    }

    private void fail(LoadConnection c, int id, Exception e) {
        if (c != null) {
            c.close();
        }
        if (closing) {
            return;
        }
        String what = e instanceof LoadFailure ? e.getMessage() : e.toString();
        generator.fail(new LoadFailure(generator.targetName() + " connection " + id + ": " + what, e));
    }

    /**
     * What one loop counted in the window.
     *
     * @param messages  echoes received
     * @param bytes     their payload bytes
     * @param latencies their round trips, in nanoseconds
     */
    record WindowCounts(long messages, long bytes, Histogram latencies) {
    }
}
