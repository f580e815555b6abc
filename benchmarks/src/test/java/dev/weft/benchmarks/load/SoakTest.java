package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The soak's checks: a faithful echo passes and is counted, an echo out of order or cut short
 * fails with what came back, and a short soak of Weft's NIO server in its child JVM passes every
 * check (messages, heap, open files). {@code ./weft bench soak} is the long run.
 */
class SoakTest {

    @Test
    void aFaithfulEchoPassesAndCloses() throws Exception {
        SoakCounters counters = run(new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession s, String text) {
                s.sendText(text);
            }

            @Override
            public void onBinary(WebSocketSession s, ByteBuffer data) {
                s.sendBinary(data);
            }
        });
        assertEquals(0, counters.failures(), counters.firstFailure());
        assertTrue(counters.echoes() >= 3, "echoes " + counters.echoes());
        assertEquals(1, counters.closedCleanly());
    }

    @Test
    void echoesOutOfOrderFail() throws Exception {
        Map<WebSocketSession, ByteBuffer> held = new ConcurrentHashMap<>();
        SoakCounters counters = run(new WebSocketHandler() {
            @Override
            public void onBinary(WebSocketSession s, ByteBuffer data) {
                held.put(s, data); // message 0: held back until message 1 has gone
            }

            @Override
            public void onText(WebSocketSession s, String text) {
                s.sendText(text);
                ByteBuffer first = held.remove(s);
                if (first != null) {
                    s.sendBinary(first);
                }
            }
        });
        assertEquals(1, counters.failures());
        assertTrue(counters.firstFailure().contains("echo of message 0 differs")
                && counters.firstFailure().contains("headed '000000070000000000000001'"), counters.firstFailure());
    }

    @Test
    void aShortenedEchoFails() throws Exception {
        AtomicLong n = new AtomicLong();
        SoakCounters counters = run(new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession s, String text) {
                s.sendText(n.incrementAndGet() == 3 ? text.substring(1) : text);
            }

            @Override
            public void onBinary(WebSocketSession s, ByteBuffer data) {
                s.sendBinary(data);
            }
        });
        assertEquals(1, counters.failures());
        assertNotNull(counters.firstFailure());
        assertTrue(counters.firstFailure().contains("echo of message 5 differs"), counters.firstFailure());
    }

    @Test
    void aShortSoakOfWeftPassesEveryCheck() {
        SoakPlan plan = new SoakPlan(List.of(Subject.WEFT_NIO), 20, Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
                Duration.ofMillis(20), new ServerJvm(List.of("-Xmx128m")));
        Soak.Verdict verdict = Soak.run(Subject.WEFT_NIO, plan, line -> { });
        assertTrue(verdict.passed(), String.join("\n", verdict.findings()));
        assertTrue(verdict.findings().get(0).contains("20 closed with 1000 cleanly"), verdict.findings().get(0));
    }

    @Test
    void badOptionsPrintUsageAndExit2() {
        for (String[] args : List.of(new String[] {"--connections", "many"}, new String[] {"--minutes", "0"},
                new String[] {"--servers", "tcp-echo"}, new String[] {"--pause-ms", "-1"}, new String[] {"--frobnicate"})) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int status = SoakCommand.run(args, new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err));
            assertEquals(2, status, String.join(" ", args));
            assertTrue(err.toString().startsWith("bench soak: ") && err.toString().contains("usage: ./weft bench soak"), err.toString());
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertEquals(0, SoakCommand.run(new String[] {"--help"}, new java.io.PrintStream(out), System.err));
        assertTrue(out.toString().contains("--connections N"));
    }

    /** One soak connection, id 7, two messages in flight, for half a second against {@code handler}. */
    private static SoakCounters run(WebSocketHandler handler) throws Exception {
        SoakCounters counters = new SoakCounters();
        try (BrokenEchoServer server = new BrokenEchoServer(handler)) {
            SoakConnection c = new SoakConnection(7, server.target(), counters);
            c.open();
            long end = System.nanoTime() + Duration.ofMillis(500).toNanos();
            c.soak(2, 10, () -> System.nanoTime() < end);
        }
        return counters;
    }
}
