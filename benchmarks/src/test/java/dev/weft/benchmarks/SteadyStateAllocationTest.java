package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Weft's steady-state frame layer allocates nothing, whatever the JIT makes of it, and neither
 * does the engine's send path without a completion stage: measured with the thread's allocation
 * counter over many invocations of the benchmarks' subjects (streaming decode; the encoder into a
 * reused buffer; the engine's offerBinary, poll and write into its pool's buffers), after
 * a warm-up that lets every class load. A single object per frame would add up to kilobytes here;
 * the tests can fail, and did, while the frame layer still made a header record per frame and
 * drew client keys straight from {@code SecureRandom}.
 */
class SteadyStateAllocationTest {

    private static final int WARM_UP = 5_000;
    private static final int MEASURED = 1_000;
    private static final int ROUNDS = 5;
    /** Room for a stray one-time object; anything per frame or per call is far above it. */
    private static final long TOLERANCE = 64;

    /** Takes everything and keeps nothing. */
    private static final Sink NOTHING = new Sink() {
        @Override
        public void take(ByteBuffer bytes) {
        }

        @Override
        public void take(ByteBuf bytes) {
        }

        @Override
        public void take(CharBuffer chars) {
        }

        @Override
        public void take(String text) {
        }
    };

    @ParameterizedTest
    @CsvSource({"16, client-to-server", "1024, client-to-server", "16, server-to-client", "65536, server-to-client"})
    void decodingAllocatesNothing(int size, String direction) {
        DecodeBenchmark bench = new DecodeBenchmark();
        bench.size = size;
        bench.direction = direction;
        bench.setUp(NOTHING);
        try {
            assertAllocatesNothing(bench::weftStreaming, "decode " + size + " " + direction);
        } finally {
            bench.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"16, client-to-server", "65536, client-to-server", "16, server-to-client", "65536, server-to-client"})
    void encodingAllocatesNothing(int size, String direction) {
        withEncode(size, direction, bench -> assertAllocatesNothing(bench::frameLayer, "encode " + size + " " + direction));
    }

    @ParameterizedTest
    @CsvSource({"16, client-to-server", "1024, client-to-server", "65536, client-to-server",
        "16, server-to-client", "1024, server-to-client", "65536, server-to-client"})
    void theEnginesSendPathWithoutAStageAllocatesNothing(int size, String direction) {
        withEncode(size, direction, bench -> assertAllocatesNothing(bench::weftNoStage, "engine send " + size + " " + direction));
    }

    /** Runs {@code check} on an {@link EncodeBenchmark} set up for one point, and tears it down. */
    private static void withEncode(int size, String direction, java.util.function.Consumer<EncodeBenchmark> check) {
        EncodeBenchmark bench = new EncodeBenchmark();
        bench.size = size;
        bench.direction = direction;
        bench.setUp(NOTHING);
        try {
            check.accept(bench);
        } finally {
            bench.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"ascii", "2-byte", "4-byte"})
    void decodingTextAllocatesNothing(String kind) {
        TextDecodeBenchmark bench = new TextDecodeBenchmark();
        bench.text = kind;
        bench.size = 1024;
        bench.setUp(NOTHING);
        try {
            assertAllocatesNothing(bench::weftStreaming, "text decode " + kind);
        } finally {
            bench.tearDown();
        }
    }

    private static void assertAllocatesNothing(Runnable invocation, String what) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < WARM_UP; i++) {
            invocation.run();
        }
        // The JVM links and compiles as it goes, and that allocates now and then, once; so take
        // the quietest of a few rounds. An allocation per frame or per call shows in every round.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS && least > TOLERANCE; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                invocation.run();
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(least <= TOLERANCE, what + ": " + least + " bytes over " + MEASURED + " invocations");
    }
}
