package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The generator fails loudly, saying what happened, when a server does not echo faithfully. */
class BrokenServerTest {

    private static final EchoPoint POINT = new EchoPoint(2, 100, 4);

    @Test
    void aChangedByteInTheFirstEchoFails() throws Exception {
        LoadFailure f = run(new EchoExcept() {
            @Override
            void echo(WebSocketSession s, ByteBuffer data, int n) {
                int at = data.position() + 17; // the message may be a view at any position of a read buffer
                data.put(at, (byte) (data.get(at) + 1));
                s.sendBinary(data);
            }
        });
        assertTrue(f.getMessage().contains("differs from the message sent at byte 17"), f.getMessage());
    }

    @Test
    void aChangedByteInALaterSampledEchoFails() throws Exception {
        LoadFailure f = run(new EchoExcept() {
            @Override
            void echo(WebSocketSession s, ByteBuffer data, int n) {
                if (n > 0) {
                    data.put(data.position() + 99, (byte) ~data.get(data.position() + 99));
                }
                s.sendBinary(data);
            }
        });
        assertTrue(f.getMessage().contains("echo " + (EchoReader.VERIFY_EVERY + 1) + " differs"), f.getMessage());
    }

    @Test
    void aShortEchoFails() throws Exception {
        LoadFailure f = run(new EchoExcept() {
            @Override
            void echo(WebSocketSession s, ByteBuffer data, int n) {
                s.sendBinary(data.limit(data.position() + (n == 5 ? 99 : 100)));
            }
        });
        assertTrue(f.getMessage().contains("has 99 bytes; the message sent had 100"), f.getMessage());
    }

    @Test
    void aTextEchoOfABinaryMessageFails() throws Exception {
        LoadFailure f = run(new EchoExcept() {
            @Override
            void echo(WebSocketSession s, ByteBuffer data, int n) {
                s.sendText("x".repeat(data.remaining()));
            }
        });
        assertTrue(f.getMessage().contains("sent a text frame where a binary frame was due"), f.getMessage());
    }

    @Test
    void aDroppedMessageFails() throws Exception {
        LoadFailure f = run(new EchoExcept() {
            @Override
            void echo(WebSocketSession s, ByteBuffer data, int n) {
                if (n != 20) {
                    s.sendBinary(data);
                }
            }
        });
        assertTrue(f.getMessage().contains("broken dropped messages: 2 connections still wait"), f.getMessage());
    }

    @Test
    void aConnectionClosedEarlyFails() throws Exception {
        LoadFailure f = run(new EchoExcept() {
            @Override
            void echo(WebSocketSession s, ByteBuffer data, int n) {
                if (n == 30) {
                    s.close(1000, "bye");
                } else {
                    s.sendBinary(data);
                }
            }
        });
        // The close frame arrives where an echo is due, or the TCP close follows it: either names the close.
        assertTrue(f.getMessage().contains("close"), f.getMessage());
    }

    private static LoadFailure run(WebSocketHandler handler) throws Exception {
        try (BrokenEchoServer server = new BrokenEchoServer(handler)) {
            return assertThrows(LoadFailure.class, () -> PointRun.measure(server.target(), POINT, false, Duration.ofMillis(100),
                    Duration.ofMillis(300), 1, () -> 0, Duration.ofSeconds(1)));
        }
    }

    /** An echo whose {@code n}th message on a connection (from 0) the test may spoil. */
    private abstract static class EchoExcept implements WebSocketHandler {
        private final java.util.Map<WebSocketSession, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            echo(session, data, counts.computeIfAbsent(session, s -> new AtomicInteger()).getAndIncrement());
        }

        abstract void echo(WebSocketSession session, ByteBuffer data, int n);
    }
}
