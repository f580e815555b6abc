package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.testkit.RawClient;
import dev.weft.codec.testkit.TransportKit;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the server side of an echo allocates per message on the Loom transport, engine and
 * transport together: the bytes the virtual threads' carriers (and the transport's own platform
 * threads) allocate, as {@code com.sun.management.ThreadMXBean} counts them, while a client on the
 * test thread sends binary messages one at a time and reads each echo back. A virtual thread
 * allocates in its carrier's buffers, so the carriers' counts hold the connection's reader, its
 * writers and the transport's watchers; nothing else runs on them in this test.
 *
 * <p>The goal is 0 bytes per message after warm-up. The frame going out is built in the
 * transport's pooled direct buffers and its shell recycled, and the batch and gathering array are
 * reused. What remains is the receive half's copy of each message into a buffer the handler owns,
 * plus its event, and some per-turn scheduling of the reader (measured: 273 B at 16 B, 1,350 B at
 * 1 KiB, 65,852 B at 64 KiB). The bound is one copy of the payload and at most 512 B besides.
 */
@Timeout(60)
class LoomAllocationTest extends TransportKit {

    private static final int WARM_UP = 3_000;
    private static final int MEASURED = 2_000;

    @Override
    protected String transportName() {
        return "loom";
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 1024, 64 * 1024})
    void echoAllocatesABoundedAmountPerMessage(int size) throws Exception {
        WebSocketHandler echo = new WebSocketHandler() {
            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
                session.offerBinary(data);
            }
        };
        ServerBinding binding = bind(router(() -> echo));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        byte[] payload = RawClient.pattern(size, size);
        int rounds = size >= 64 * 1024 ? WARM_UP / 3 : WARM_UP;
        for (int i = 0; i < rounds; i++) {
            raw.sendFrame(Opcode.BINARY, true, payload);
            raw.readMessage();
        }
        long before = carrierAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            raw.sendFrame(Opcode.BINARY, true, payload);
            byte[] back = raw.readMessage().data();
            if (i == 0) {
                assertArrayEquals(payload, back);
            }
        }
        long perMessage = (carrierAllocatedBytes() - before) / MEASURED;
        System.out.printf("loom echo of %d B: %d B allocated per message on the carrier threads%n", size, perMessage);
        long bound = size + 512L;
        assertTrue(perMessage <= bound, "allocated " + perMessage + " B per message of " + size + " B (bound " + bound + ")");
    }

    /** The bytes every carrier thread, and every platform thread of the transport, has allocated so far. */
    private static long carrierAllocatedBytes() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ForkJoinPool-") || t.getName().startsWith("weft-loom")) {
                sum += mx.getThreadAllocatedBytes(t.threadId());
            }
        }
        return sum;
    }
}
