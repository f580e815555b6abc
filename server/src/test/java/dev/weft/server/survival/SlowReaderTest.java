package dev.weft.server.survival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.engine.ProtocolConfig;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Back-pressure that bounds memory per peer (RFC 6455 §10.4): a client that sends 1-byte messages
 * to an echo endpoint and never reads the echoes makes the server queue them until the queue
 * passes its high-water mark, and then the server stops reading from it. The queue counts each
 * message's overhead, not just its 3 bytes, so the heap the peer costs stays near the configured
 * limit (4 MiB here), where counting bytes alone let it pin over 50 MB. A well-behaved client on
 * the same server keeps getting its echoes meanwhile. Both transports; the server runs in a
 * child JVM so that its heap can be measured after a full GC.
 */
// Servers in child JVMs under attack: about 20 s, so it runs with ./weft test --slow (and in CI).
@Tag("slow")
@Timeout(120)
class SlowReaderTest {

    /** The hard limit of the queue; its high-water mark is a quarter of it, the low a sixteenth. */
    private static final long LIMIT = 4 * 1024 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"nio", "loom"})
    @SuppressWarnings("try") // the hog is closed before its block ends, to end the writer blocked on it
    void aPeerThatNeverReadsHoldsNoMoreThanTheQueueLimit(String transport) throws Exception {
        try (ChildServer server = ChildServer.start("128m", 0, SurvivorMain.class, transport,
                "queue", Long.toString(LIMIT / 4), Long.toString(LIMIT / 16), Long.toString(LIMIT));
             RawPeer neighbour = RawPeer.open(server.port, "/echo");
             RawPeer hog = RawPeer.open(server.port, "/echo", 4096)) {
            for (int i = 0; i < 50; i++) {
                assertEquals("warm " + i, neighbour.echo("warm " + i));
            }
            long before = heap(server);
            long receivedBefore = number(server, "/received");

            // 10,000 one-byte binary messages per write, as fast as the server takes them.
            byte[] burst = new byte[10_000 * 7];
            for (int i = 0; i < burst.length; i += 7) {
                burst[i] = (byte) 0x82;
                burst[i + 1] = (byte) 0x81; // masked, 1 byte; the key (4 zero bytes) and the byte stay 0
            }
            AtomicLong sent = new AtomicLong();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    // Until the server stops reading (or 3 million messages): counted by their
                    // bytes alone, 350,000 would fit under the high-water mark, some 56 MB of heap.
                    for (int i = 0; i < 300; i++) {
                        hog.sendBytes(burst);
                        sent.addAndGet(10_000);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            // Wait until the server has stopped taking messages in while the hog has more for it:
            // its queue is full and it has stopped reading.
            long received = 0;
            int unchanged = 0;
            while (unchanged < 3 || received == 0 || received >= sent.get()) { // still for 600 ms
                Thread.sleep(200);
                long now = number(server, "/received") - receivedBefore;
                unchanged = now == received ? unchanged + 1 : 0;
                received = now;
                assertTrue(writer.isAlive() || received < sent.get(), "the server read all " + sent.get() + " messages");
            }
            // More than its queue can hold: the rest went out to the kernel, or were refused.
            assertTrue(received > LIMIT / (3 + ProtocolConfig.QUEUED_OUTPUT_OVERHEAD),
                    "the server took only " + received + " of " + sent.get() + " messages");

            for (int i = 0; i < 20; i++) {
                assertEquals("meanwhile " + i, neighbour.echo("meanwhile " + i), "the neighbour is served while the hog waits");
            }
            long held = heap(server) - before;
            // The queue's limit, plus room for the objects of one batch in the transport's hands
            // and for what a full GC cannot make exact (measured: up to 0.8 MB either way).
            assertTrue(held < LIMIT + LIMIT / 4, "the hog holds " + held + " bytes of heap after " + received
                    + " messages; limit " + LIMIT + "\n" + server.output());
            hog.close();
            writer.interrupt(); // a write blocked on a full socket ends with it
            writer.join(2_000);
        }
    }

    private static long heap(ChildServer server) throws IOException {
        return number(server, "/heap");
    }

    private static long number(ChildServer server, String path) throws IOException {
        String answer = RawPeer.get(server.port, path);
        return Long.parseLong(answer.substring(answer.indexOf("\r\n\r\n") + 4).trim());
    }
}
