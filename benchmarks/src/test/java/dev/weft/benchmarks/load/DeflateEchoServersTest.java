package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every server the compressed echo load measures, run as the harness runs it, negotiates
 * permessage-deflate with the generator under both settings, inflates what it gets, compresses
 * its echoes (so the ratio is well below 1 for JSON-like text) and has every echo verified; the
 * idle scale's compressed connections exchange their one message.
 */
// A child JVM per server: several seconds each, so it runs with ./weft test --slow (and in CI).
@Tag("slow")
class DeflateEchoServersTest {

    private static final Duration WARMUP = Duration.ofMillis(200);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "weft-nio, deflate", "weft-loom, deflate", "netty, deflate",
        "weft-nio, deflate-no-context", "weft-loom, deflate-no-context", "netty, deflate-no-context",
    })
    void echoesCompressedAndVerified(String label, String compressionLabel) throws Exception {
        Subject subject = Subject.named(label);
        Compression compression = Compression.named(compressionLabel);
        try (ServerProcess server = ServerProcess.start(subject, compression, TestJvm.SMALL, List.of())) {
            double[] ratio = {Double.NaN};
            EchoSample sample = PointRun.measure(server.target(), new EchoPoint(4, 1024, 4), compression, WARMUP, Duration.ofMillis(600), 1,
                    server::cpuNanos, server.allocatedBytesSupplier(), r -> ratio[0] = r);
            assertTrue(sample.messages() > 10, subject + " echoed " + sample.messages());
            assertTrue(sample.verified() >= sample.messages(), "every echo is verified: " + sample.verified() + " of " + sample.messages());
            assertTrue(ratio[0] > 0.05 && ratio[0] < 0.6, "the server compressed its echoes: ratio " + ratio[0]);
        }
    }

    @Test
    void idleConnectionsExchangeOneCompressedMessage() {
        IdlePlan plan = IdlePlan.defaults().withServers(List.of(Subject.WEFT_NIO)).withConnections(50, 16).withJvm(TestJvm.SMALL);
        var measurements = IdleScale.run(plan, Compression.CONTEXT_TAKEOVER, line -> { });
        assertTrue(measurements.stream().allMatch(m -> m.suite().equals(IdleScale.DEFLATE_SUITE)
                && m.point().equals("50 connections, context takeover")), measurements.toString());
        assertEquals(1, measurements.stream().filter(m -> m.metric().equals("heap per connection")).count());
    }
}
