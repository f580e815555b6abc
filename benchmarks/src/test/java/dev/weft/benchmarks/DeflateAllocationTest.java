package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Weft's permessage-deflate compressor allocates no output array per message: it compresses into a
 * scratch array from its factory's pool and lends it, and the caller (the engine, once the bytes
 * are in a frame) gives it back. Measured with the thread's allocation counter over the
 * benchmark's own subject, which gives each result back as the engine does. An output array made
 * per message — the exact-size copy it made before (about 11 KB per 64 KiB of JSON), or one grown
 * by doubling from a quarter of the input (before that: about 115 KB for 64 KiB of random bytes) —
 * fails here.
 */
class DeflateAllocationTest {

    private static final int WARM_UP = 100;
    private static final int MEASURED = 30;
    private static final int ROUNDS = 3;
    /** The buffers around the message and its result, and room for a stray one-time object. */
    private static final long PER_MESSAGE_OVERHEAD = 160;

    @ParameterizedTest
    @CsvSource({"16, json", "1024, json", "65536, json", "65536, random"})
    void allocatesNoOutputArray(int size, String data) {
        DeflateBenchmark bench = new DeflateBenchmark();
        bench.size = size;
        bench.data = data;
        bench.setUp();
        try {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long compressed = 0;
            for (int i = 0; i < WARM_UP; i++) {
                compressed += bench.weft();
            }
            long least = Long.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < MEASURED; i++) {
                    bench.weft();
                }
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(least <= PER_MESSAGE_OVERHEAD * MEASURED,
                    data + " " + size + ": " + least / MEASURED + " B allocated per message for about "
                            + compressed / WARM_UP + " compressed bytes");
        } finally {
            bench.tearDown();
        }
    }
}
