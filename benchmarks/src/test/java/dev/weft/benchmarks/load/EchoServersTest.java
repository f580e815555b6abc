package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every server subject, run as the harness runs it (a child process on this class path), echoes
 * what the generator sends: binary and text, small and 1 MiB, and the generator verifies it.
 */
// A child JVM per server subject: half a minute, so it runs with ./weft test --slow (and in CI).
@Tag("slow")
class EchoServersTest {

    private static final Duration WARMUP = Duration.ofMillis(200);

    @ParameterizedTest(name = "{0}")
    @EnumSource(Subject.class)
    void echoesBinaryTextAndLargeMessages(Subject subject) throws Exception {
        try (ServerProcess server = ServerProcess.start(subject, TestJvm.SMALL, List.of())) {
            EchoTarget target = server.target();
            assertEquals(subject.speaksWebSocket(), target.webSocket());

            EchoSample binary = PointRun.measure(target, new EchoPoint(4, 1024, 4), false, WARMUP, Duration.ofMillis(600), 1,
                    server::cpuNanos, server.allocatedBytesSupplier());
            assertTrue(binary.messages() > 10, subject + " echoed " + binary.messages() + " binary messages");
            assertEquals(binary.messages() * 1024, binary.payloadBytes());
            assertTrue(binary.verified() >= 4, "the first echo of each connection is verified: " + binary.verified());
            assertTrue(binary.serverCpuNanos() >= 0 && binary.latencies().getTotalCount() == binary.messages());
            // Counted (-1 would mean not), and in the figures the report reads.
            assertTrue(binary.serverAllocatedBytes() >= 0, "the server's allocation is counted: " + binary.serverAllocatedBytes());
            assertTrue(binary.figures().stream().anyMatch(f -> f.metric().equals(EchoSample.SERVER_ALLOCATION)));

            EchoSample text = PointRun.measure(target, new EchoPoint(2, 16, 2), true, WARMUP, Duration.ofMillis(300), 1,
                    server::cpuNanos);
            assertTrue(text.messages() > 0 && text.verified() >= 2, subject + " text: " + text);

            // A cold server (Helidon's frame handling especially) can take over a second per 1 MiB
            // echo while a busy CI machine also runs other tests: give it room, this is not timed.
            EchoSample large = PointRun.measure(target, new EchoPoint(1, 1024 * 1024, 1), false, Duration.ofSeconds(1), Duration.ofSeconds(3), 1,
                    server::cpuNanos);
            assertTrue(large.messages() > 0 && large.verified() >= 1, subject + " 1 MiB: " + large);

            assertTrue(server.heapAfterGc() > 0);
        }
    }
}
