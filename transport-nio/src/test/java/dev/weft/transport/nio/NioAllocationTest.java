package dev.weft.transport.nio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.testkit.EchoAllocationKit;
import dev.weft.codec.testkit.RawClient;
import java.nio.ByteBuffer;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the server side of an echo allocates per message, engine and transport together: the bytes
 * the event loops allocate (as {@code com.sun.management.ThreadMXBean} counts them) while a client
 * on the test thread sends binary messages one at a time and reads each echo back. The echo
 * handler sends the very buffer it was given with {@code offerBinary}, so everything counted is
 * the path's own.
 *
 * <p>The goal is 0 bytes per message after warm-up, and both halves are there. Receiving: the
 * handler is lent a view of the loop's read buffer, in a reused event (see
 * {@link #receivingAllocatesNothingPerMessage}). Sending: {@code offerBinary} copies the view into
 * a frame buffer from the loop's pool (the one copy on the way out), with a recycled shell and no
 * future, and the loop's gathering write and select allocate nothing. Measured: 0 B per
 * message at 16 B, 1 KiB and 64 KiB. Each size's measured cost is printed.
 */
class NioAllocationTest extends EchoAllocationKit {

    private static final int MEASURED = 2_000;

    @Override
    protected String transportName() {
        return "nio";
    }

    @Override
    protected Predicate<Thread> transportThreads() {
        return t -> t.getName().startsWith("weft-nio-");
    }

    /**
     * Nothing per message: the loop's bookkeeping per read is all that may show. One object per
     * message (an event, a future, a buffer slice: 16 B or more) is above this.
     */
    @Override
    protected double boundPerMessage(int size) {
        return 8;
    }

    /**
     * The receive half on its own: messages that arrive whole in a read reach the handler as views
     * of the loop's read buffer, in a reused event, so receiving allocates nothing per message
     * (issue 14, item 3). The client sends a run of messages without waiting, then asks for a
     * count; the handler reads every byte and sends nothing back until asked, so everything
     * counted is the read path's, that one reply and the loop's own bookkeeping per read.
     */
    @ParameterizedTest
    @ValueSource(ints = {16, 1024, 64 * 1024})
    void receivingAllocatesNothingPerMessage(int size) throws Exception {
        long[] sum = new long[2];
        WebSocketHandler reader = new WebSocketHandler() {
            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
                sum[0]++;
                for (int i = data.position(); i < data.limit(); i++) {
                    sum[1] += data.get(i);
                }
            }

            @Override
            public void onText(WebSocketSession session, String text) {
                session.sendText(Long.toString(sum[0]));
            }
        };
        ServerBinding binding = bind(router(() -> reader));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        byte[] payload = RawClient.pattern(size, size);
        int measured = size >= 64 * 1024 ? MEASURED / 4 : MEASURED;
        long expected = 0;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < measured; i++) {
                raw.sendFrame(Opcode.BINARY, true, payload);
            }
            expected += measured;
            raw.sendText("count");
            assertTrue(raw.readMessage().text().equals(Long.toString(expected)), "warm-up round " + round);
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = allocatedBytes(transportThreads());
            for (int i = 0; i < measured; i++) {
                raw.sendFrame(Opcode.BINARY, true, payload);
            }
            expected += measured;
            raw.sendText("count");
            String count = raw.readMessage().text();
            least = Math.min(least, allocatedBytes(transportThreads()) - before);
            assertTrue(count.equals(Long.toString(expected)), "every message arrived: " + count + " of " + expected);
        }
        double perMessage = (double) least / measured;
        System.out.printf("nio receive of %d B: %.1f B allocated per message on the event loops%n", size, perMessage);
        // One reply, and what the loop allocates per read (reads hold many small messages, and at
        // most one of 64 KiB); nothing per message. A copy per message, or an event record and a
        // buffer slice per message (about 80 B), is well above this.
        assertTrue(perMessage <= 16, "allocated " + perMessage + " B per message of " + size + " B received");
    }
}
