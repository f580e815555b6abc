package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every subject of {@link DecodeBenchmark} delivers every payload of the batch, intact, on every
 * invocation, whoever ran before it: the engine, the streaming frame layer and Netty do the same
 * work on the same bytes.
 */
class DecodeBenchmarkTest {

    @ParameterizedTest
    @CsvSource({
        "16, client-to-server", "125, client-to-server", "1024, client-to-server", "65536, client-to-server", "1048576, client-to-server",
        "16, server-to-client", "125, server-to-client", "1024, server-to-client", "65536, server-to-client", "1048576, server-to-client",
    })
    void everySubjectDeliversTheSamePayloads(int size, String direction) throws Exception {
        DecodeBenchmark bench = new DecodeBenchmark();
        bench.size = size;
        bench.direction = direction;
        RecordingSink sink = new RecordingSink();
        bench.setUp(sink);
        try {
            byte[] payload = Payloads.binary(size);
            // Twice each, in turns: masked bytes must be restored before every decode, whoever ran last.
            for (int round = 0; round < 2; round++) {
                bench.weft();
                assertPayloads(payload, sink.bytes, "weft, round " + round);
                sink.bytes.clear();
                bench.weftStreaming();
                assertPayloads(payload, sink.bytes, "weftStreaming, round " + round);
                sink.bytes.clear();
                bench.netty();
                assertPayloads(payload, sink.bytes, "netty, round " + round);
                sink.bytes.clear();
            }
        } finally {
            bench.tearDown();
        }
    }

    private static void assertPayloads(byte[] payload, List<byte[]> delivered, String who) {
        assertEquals(FrameBatch.FRAMES, delivered.size(), who + ": one payload per frame");
        for (byte[] p : delivered) {
            assertArrayEquals(payload, p, who);
        }
    }
}
