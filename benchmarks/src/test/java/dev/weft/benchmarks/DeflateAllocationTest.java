package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Weft's permessage-deflate compressor allocates, per message, the compressed bytes and their
 * buffer and nothing more: it compresses into a scratch array from its factory's pool and copies
 * out the exact result. Measured with the thread's allocation counter over the benchmark's own
 * subject. An output array grown by doubling from a quarter of the input (what it did before: about
 * 115 KB for a 64 KiB incompressible message) fails here.
 */
class DeflateAllocationTest {

    private static final int WARM_UP = 100;
    private static final int MEASURED = 30;
    private static final int ROUNDS = 3;
    /** The array header and the ByteBuffer around it, and room for a stray one-time object. */
    private static final long PER_MESSAGE_OVERHEAD = 160;

    @ParameterizedTest
    @CsvSource({"16, json", "1024, json", "65536, json", "65536, random"})
    void allocatesTheCompressedBytesOnly(int size, String data) {
        DeflateBenchmark bench = new DeflateBenchmark();
        bench.size = size;
        bench.data = data;
        bench.setUp();
        try {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long compressed = 0;
            for (int i = 0; i < WARM_UP; i++) {
                compressed += bench.weft().remaining();
            }
            long perMessage = compressed / WARM_UP;
            long least = Long.MAX_VALUE;
            long bytesOut = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long out = 0;
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < MEASURED; i++) {
                    ByteBuffer b = bench.weft();
                    out += b.remaining();
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (allocated - out < least) {
                    least = allocated - out;
                    bytesOut = out;
                }
            }
            assertTrue(least <= PER_MESSAGE_OVERHEAD * MEASURED,
                    data + " " + size + ": " + (least + bytesOut) / MEASURED + " B allocated per message for "
                            + bytesOut / MEASURED + " compressed bytes (about " + perMessage + " in the warm-up)");
        } finally {
            bench.tearDown();
        }
    }
}
