package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.spi.ServerBinding;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the server side of an echo allocates per message, engine and transport together: the bytes
 * the transport's threads allocate (as {@code com.sun.management.ThreadMXBean} counts them) while a
 * client on the test thread sends binary messages one at a time and reads each echo back. The echo
 * handler sends the very buffer it was given with {@code offerBinary}, so everything counted is the
 * path's own. Each transport says which threads are its own and what it may allocate per message.
 */
@Timeout(60)
public abstract class EchoAllocationKit extends TransportKit {

    private static final int WARM_UP = 3_000;
    private static final int MEASURED = 2_000;

    /**
     * Returns which threads do the transport's work, so that their allocation is counted.
     *
     * @return a test on a thread
     */
    protected abstract Predicate<Thread> transportThreads();

    /**
     * Returns the most the server may allocate per echoed message of {@code size} bytes.
     *
     * @param size the message's length
     * @return a bound in bytes
     */
    protected abstract double boundPerMessage(int size);

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
        // The quietest of a few rounds: the JIT may still deoptimise and recompile now and then,
        // and run a method interpreted meanwhile; a cost per message shows in every round.
        double least = Double.MAX_VALUE;
        for (int round = 0; round < 3 && least > 0; round++) {
            long before = allocatedBytes(transportThreads());
            for (int i = 0; i < MEASURED; i++) {
                raw.sendFrame(Opcode.BINARY, true, payload);
                byte[] back = raw.readMessage().data();
                if (i == 0) {
                    assertArrayEquals(payload, back);
                }
            }
            least = Math.min(least, (double) (allocatedBytes(transportThreads()) - before) / MEASURED);
        }
        System.out.printf("%s echo of %d B: %.1f B allocated per message on the transport's threads%n",
                transportName(), size, least);
        double bound = boundPerMessage(size);
        assertTrue(least <= bound, "allocated " + least + " B per message of " + size + " B echoed (bound " + bound + ")");
    }

    /**
     * Returns the bytes the threads that pass {@code threads} have allocated so far, the calling
     * thread left out: it is the test's client.
     *
     * @param threads a test on a thread
     * @return the sum of their allocated bytes
     */
    protected static long allocatedBytes(Predicate<Thread> threads) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != Thread.currentThread() && threads.test(t)) {
                sum += mx.getThreadAllocatedBytes(t.threadId());
            }
        }
        return sum;
    }
}
