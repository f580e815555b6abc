package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import dev.weft.codec.spi.ServerBinding;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that stops reading must slow the server down, not make it buffer without bound, and lose
 * nothing.
 *
 * <p>A {@link RawClient} with a small receive buffer upgrades and then reads nothing while the
 * server's handler pushes 64 KiB binary messages as fast as {@code isWritable()} allows. The
 * handler never blocks: it sends while the session is writable and sends more from the
 * completions of earlier sends, and a test thread also tries every 2 ms, as an application that
 * polls {@code isWritable()} would (so that a transport which drains the engine's queue into a
 * buffer of its own, making the session look writable, is caught). The kit asserts that
 * <ol>
 *   <li>the server saw {@code isWritable() == false};</li>
 *   <li>the sending stalled (it had not sent everything while the client read nothing);</li>
 *   <li>the bytes accepted but not yet written — sends whose futures had not completed, times the
 *       message size — never exceeded the high-water mark plus two messages (the one that crossed
 *       the mark and the one being written) plus one 64 KiB write batch;</li>
 *   <li>once the client reads, every message arrives, in order, intact, and no send was refused.</li>
 * </ol>
 */
@Timeout(60)
public abstract class BackPressureKit extends TransportKit {

    /** The size of each message the server pushes. */
    protected static final int MESSAGE = 64 * 1024;
    /** How many it pushes: 16 MiB in all, far more than the water mark and socket buffers hold. */
    protected static final int COUNT = 256;
    /** The server's high-water mark. */
    protected static final long HIGH_WATER = 256 * 1024;
    /** The server's low-water mark. */
    protected static final long LOW_WATER = 64 * 1024;
    /** What a transport may hold beyond the engine's queue: the message in flight and one write batch. */
    protected static final long SLACK = 2L * MESSAGE + 64 * 1024;

    /** Creates the kit. */
    protected BackPressureKit() {
    }

    /** Pushes numbered messages as fast as the session is writable, without ever blocking. */
    static final class Pusher implements WebSocketHandler {
        private final ReentrantLock lock = new ReentrantLock();
        private WebSocketSession session;
        private int sent;
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger maxOutstanding = new AtomicInteger();
        final AtomicInteger completed = new AtomicInteger();
        volatile boolean sawUnwritable;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        @Override
        public void onOpen(WebSocketSession s) {
            session = s;
            pump();
        }

        int sent() {
            lock.lock();
            try {
                return sent;
            } finally {
                lock.unlock();
            }
        }

        /** Sends while writable; called again by every completion, from whatever thread completes it. */
        void pump() {
            lock.lock();
            try {
                while (sent < COUNT) {
                    if (!session.isWritable()) {
                        sawUnwritable = true;
                        return;
                    }
                    ByteBuffer message = ByteBuffer.wrap(message(sent++));
                    maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
                    session.sendBinary(message).whenComplete((v, e) -> {
                        outstanding.decrementAndGet();
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            completed.incrementAndGet();
                            pump();
                        }
                    });
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Message {@code n}: its number in the first four bytes, then a pattern seeded by it. */
    static byte[] message(int n) {
        byte[] m = RawClient.pattern(MESSAGE, n);
        m[0] = (byte) (n >>> 24);
        m[1] = (byte) (n >>> 16);
        m[2] = (byte) (n >>> 8);
        m[3] = (byte) n;
        return m;
    }

    @Test
    void aPeerThatDoesNotReadIsThrottledAndLosesNothing() throws Exception {
        Pusher pusher = new Pusher();
        ProtocolConfig config = ProtocolConfig.defaults(Role.SERVER).withOutboundLimits(HIGH_WATER, LOW_WATER, 16L * 1024 * 1024);
        ServerBinding binding = bind(router(() -> pusher, config, Map.of()));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress(), s -> {
            s.setReceiveBufferSize(64 * 1024);
        }));
        raw.upgrade(ECHO);

        var ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        closeLater(ticker::shutdownNow);
        waitUntil("the connection to open", WAIT, () -> pusher.sent() > 0);
        ticker.scheduleWithFixedDelay(pusher::pump, 2, 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        waitUntil("the server to see isWritable() == false", WAIT, () -> pusher.sawUnwritable);
        // Give the transport time to drain what it can into the socket; then it must be stuck.
        Thread.sleep(300);
        int stalledAt = pusher.sent();
        assertTrue(stalledAt < COUNT, "the server sent all " + COUNT + " messages to a peer that read nothing: "
                + "nothing held it back");
        Thread.sleep(200);
        long bound = HIGH_WATER + SLACK;
        long held = (long) pusher.maxOutstanding.get() * MESSAGE;
        assertTrue(held <= bound, "accepted but unwritten bytes reached " + held + ", more than the high-water mark "
                + HIGH_WATER + " plus " + SLACK + ": the transport buffers beyond the engine's water marks");

        for (int n = 0; n < COUNT; n++) {
            RawClient.Message m = raw.readMessage(Duration.ofSeconds(20));
            assertEquals(Opcode.BINARY, m.opcode(), "message " + n);
            int number = ((m.data()[0] & 0xff) << 24) | ((m.data()[1] & 0xff) << 16) | ((m.data()[2] & 0xff) << 8) | (m.data()[3] & 0xff);
            assertEquals(n, number, "messages out of order or lost");
            assertTrue(Arrays.equals(message(n), m.data()), "message " + n + " corrupted");
        }
        assertNull(pusher.failure.get(), "a send failed");
        waitUntil("every send to complete", WAIT, () -> pusher.completed.get() == COUNT);
        raw.sendClose(1000, "read it all");
        RawClient.Message close = raw.readMessage();
        assertEquals(Opcode.CLOSE, close.opcode());
        assertEquals(1000, close.closeCode());
        awaitNoConnections(binding);
    }
    /** Echoes every binary message, counting the echoes accepted but not yet written. */
    static final class CountingEcho implements WebSocketHandler {
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger maxOutstanding = new AtomicInteger();
        final AtomicInteger received = new AtomicInteger();

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            received.incrementAndGet();
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            session.sendBinary(data).whenComplete((v, e) -> outstanding.decrementAndGet());
        }
    }

    /** The echoed message size in {@link #anEchoToAPeerThatDoesNotReadStopsReadingNearTheHighWaterMark}. */
    private static final int SMALL = 1024;
    /**
     * How far past the high-water mark an echo may go: the echoes of what one read brought in
     * (the transport stops reading once the engine is past the mark, but the messages of a read
     * already taken are all delivered, and their echoes queued: up to 128 KiB on NIO, whose loop
     * reads into a 128 KiB buffer), plus one write batch in flight.
     */
    protected static final long ECHO_SLACK = 128 * 1024 + 64 * 1024;

    @Test
    void anEchoToAPeerThatDoesNotReadStopsReadingNearTheHighWaterMark() throws Exception {
        CountingEcho echo = new CountingEcho();
        ProtocolConfig config = ProtocolConfig.defaults(Role.SERVER).withOutboundLimits(HIGH_WATER, LOW_WATER, 16L * 1024 * 1024);
        ServerBinding binding = bind(router(() -> echo, config, Map.of()));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress(), s -> {
            s.setReceiveBufferSize(64 * 1024);
            s.setSendBufferSize(64 * 1024);
        }));
        raw.upgrade(ECHO);
        // Sends until the server stops reading (the write blocks), never reading an echo.
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                byte[] payload = RawClient.pattern(SMALL, 1);
                for (int n = 0; n < 32 * 1024; n++) {
                    raw.sendFrame(Opcode.BINARY, true, payload);
                }
            } catch (java.io.IOException e) {
                // the connection ended: the assertions below say whether it should have
            }
        });
        closeLater(writer::interrupt);
        // Wait until the server has stopped taking messages: the count holds still.
        int last = -1;
        for (int i = 0; i < 100 && echo.received.get() != last; i++) {
            last = echo.received.get();
            Thread.sleep(200);
        }
        assertTrue(writer.isAlive(), "the server took all " + 32 * 1024 + " messages from a peer that read nothing");
        long held = (long) echo.maxOutstanding.get() * SMALL;
        assertTrue(held <= HIGH_WATER + ECHO_SLACK, "echoes accepted but unwritten reached " + held
                + " bytes, more than the high-water mark " + HIGH_WATER + " plus one read's echoes and a write batch ("
                + ECHO_SLACK + ")");
        raw.abort();
        awaitNoConnections(binding);
    }
}
