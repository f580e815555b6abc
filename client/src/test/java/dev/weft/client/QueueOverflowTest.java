package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.QueueOverflow;
import dev.weft.codec.engine.SendRefusedException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client builder's {@code queueOverflow}: against a server that upgrades and then never reads,
 * a send past the outbound queue's hard limit (64 MiB by default) is refused by default, the
 * connection staying open, and closes the connection with the chosen code otherwise.
 */
@Timeout(60)
class QueueOverflowTest {

    private static final int CHUNK = 1024 * 1024;
    /** More than the default hard limit of 64 MiB plus what the sockets hold. */
    private static final int SENDS = 128;

    /** A server that answers the upgrade and reads nothing more until the test ends. */
    private static ScriptedServer deafServer(CountDownLatch done) throws Exception {
        return new ScriptedServer((socket, in, out) -> {
            ScriptedServer.upgrade(in, out);
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Records how the connection closed. */
    static final class Closes implements WebSocketHandler {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public void onClose(WebSocketSession session, int code, String reason) {
            closed.complete(code);
        }
    }

    /**
     * Sends 1 MiB views of one array while the session is open; returns the first send that
     * failed within a few seconds (the sends are handed to the transport's thread, so a refusal
     * may come a moment after the call), or {@code null}.
     */
    private static Throwable flood(WebSocketSession session) throws InterruptedException {
        byte[] payload = new byte[CHUNK];
        java.util.List<CompletableFuture<Void>> sends = new java.util.ArrayList<>();
        for (int i = 0; i < SENDS && session.isOpen(); i++) {
            sends.add(session.sendBinary(ByteBuffer.wrap(payload)).toCompletableFuture());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (CompletableFuture<Void> sent : sends) {
                if (sent.isCompletedExceptionally()) {
                    return sent.handle((v, e) -> e instanceof CompletionException c ? c.getCause() : e).join();
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    @Test
    void byDefaultASendPastTheLimitIsRefusedAndTheConnectionStays() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ScriptedServer server = deafServer(done); WeftClient client = WeftClient.builder().build()) {
            Closes handler = new Closes();
            WebSocketSession session = client.connect(URI.create(server.url()), handler).get(10, TimeUnit.SECONDS);
            Throwable refused = flood(session);
            assertInstanceOf(SendRefusedException.class, refused, "a send past 64 MiB queued");
            assertTrue(session.isOpen(), "a refused send closed the connection");
            done.countDown();
        }
    }

    @Test
    void closePolicyViolationClosesWith1008() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ScriptedServer server = deafServer(done);
             WeftClient client = WeftClient.builder().queueOverflow(QueueOverflow.CLOSE_POLICY_VIOLATION).build()) {
            Closes handler = new Closes();
            WebSocketSession session = client.connect(URI.create(server.url()), handler).get(10, TimeUnit.SECONDS);
            flood(session);
            assertEquals(1008, handler.closed.get(20, TimeUnit.SECONDS));
            done.countDown();
        }
    }
}
