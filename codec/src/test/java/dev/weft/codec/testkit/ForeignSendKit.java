package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.spi.ServerBinding;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sends from threads that are not the connection's own, while the connection's own thread sends
 * too: a transport builds every frame in buffers from a pool its threads share (on NIO, owned by
 * the event loop; on Loom, shared by every reader), and a frame still queued must never find its
 * buffer handed to another one. Several application threads send numbered messages of every
 * buffer size class while the handler echoes the peer's messages from its callback; the peer
 * reads every message intact, in order per sender, with none missing.
 */
@Timeout(60)
public abstract class ForeignSendKit extends TransportKit {

    /** Sizes that fall in every one of the output pool's classes, smallest to largest. */
    private static final int[] SIZES = {16, 300, 1500, 7000, 30_000, 65_000, 100};
    /** How many application threads send besides the handler's own echoes. */
    private static final int SENDERS = 3;
    /** How many messages each sender (and the peer, for echo) sends. */
    private static final int MESSAGES = 200;
    /** The sender number the peer's own messages carry, echoed by the handler. */
    private static final int ECHOED = SENDERS;

    /** Creates the kit. */
    protected ForeignSendKit() {
    }

    /** Message {@code seq} of {@code sender}: its sender and number, then bytes only it has. */
    private static byte[] message(int sender, int seq) {
        byte[] body = RawClient.pattern(SIZES[(seq + sender) % SIZES.length], sender * 100_000 + seq + 1);
        ByteBuffer.wrap(body).put((byte) sender).putInt(seq);
        return body;
    }

    /** Starts the senders at open and echoes what the peer sends, from its own callback. */
    private static final class Mixed implements WebSocketHandler {
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final List<Thread> senders = new ArrayList<>();

        @Override
        public void onOpen(WebSocketSession session) {
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                Thread t = new Thread(() -> {
                    List<CompletableFuture<Void>> sent = new ArrayList<>();
                    for (int seq = 0; seq < MESSAGES; seq++) {
                        ByteBuffer data = ByteBuffer.wrap(message(sender, seq));
                        sent.add(session.sendBinary(data).toCompletableFuture());
                        data.clear().put(new byte[data.capacity()]); // the send copied it: reusing it changes nothing
                    }
                    for (CompletableFuture<Void> f : sent) {
                        f.whenComplete((v, e) -> {
                            if (e != null) {
                                failures.add(e);
                            }
                        });
                    }
                }, "foreign-sender-" + s);
                senders.add(t);
                t.start();
            }
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            session.sendBinary(data).whenComplete((v, e) -> {
                if (e != null) {
                    failures.add(e);
                }
            });
        }

        @Override
        public void onError(WebSocketSession session, Throwable error) {
            failures.add(error);
        }
    }

    @Test
    void sendsFromOtherThreadsAndTheConnectionsOwnArriveIntactAndInOrderPerSender() throws Exception {
        Mixed handler = new Mixed();
        ServerBinding binding = bind(router(() -> handler));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                for (int seq = 0; seq < MESSAGES; seq++) {
                    raw.sendFrame(Opcode.BINARY, true, message(ECHOED, seq));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        int[] next = new int[SENDERS + 1];
        for (int n = 0; n < (SENDERS + 1) * MESSAGES; n++) {
            RawClient.Message m = raw.readMessage();
            assertEquals(Opcode.BINARY, m.opcode(), "message " + n);
            ByteBuffer head = ByteBuffer.wrap(m.data());
            int sender = head.get();
            int seq = head.getInt();
            assertEquals(next[sender], seq, "the next message from sender " + sender);
            assertArrayEquals(message(sender, seq), m.data(), "message " + seq + " of sender " + sender);
            next[sender]++;
        }
        await(writing);
        for (Thread t : handler.senders) {
            t.join(WAIT.toMillis());
        }
        assertEquals(List.of(), handler.failures);
    }
}
