package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.observe.MetricsListener;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an operator sees, on every transport: the access log of {@code --verbose} (one line per
 * HTTP request and per WebSocket session), refused handshakes logged by default but a flood
 * summed up, the metrics listener set on the builder, JFR events, and a warning for a
 * certificate out of its dates.
 */
@Timeout(60)
class ObservabilityTest {

    @TempDir
    Path dir;

    static List<String> transports() {
        return Servers.transports();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void accessLogMetricsAndAFloodOfRefusalsSummedUp(String transport) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Counts counts = new Counts();
        try (WeftServer server = Servers.tutorial(transport, dir).log(lines::add).logRequests(true)
                .allowedOrigins("https://ok.example").metrics(counts).logInterval(Duration.ofSeconds(1))
                .build().start()) {
            RawHttp.Response rest = RawHttp.get(server.port(), "/rest");
            assertEquals(200, rest.status());

            try (WsClient ws = WsClient.connect(server.webSocketUri("/websocket"), List.of("echo"))) {
                ws.session.sendText("héllo");
                assertEquals("héllo", ws.nextText());
                ws.session.close(1000, "done");
                ws.awaitClose();
            }

            int refusals = 40;
            for (int i = 0; i < refusals; i++) {
                RawHttp.Response refused = RawHttp.get(server.port(), "/websocket", "Upgrade: websocket",
                        "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                        "Sec-WebSocket-Version: 13", "Origin: https://evil.example");
                assertEquals(403, refused.status());
            }

            // Every refusal is either a line of its own or counted in a summary, once its interval ends.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (refusalsAccountedFor(lines) < refusals && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(lines.stream().anyMatch(l -> l.matches("127\\.0\\.0\\.1:\\d+ \"GET /rest\" 200 15 B .* ms")), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.matches("127\\.0\\.0\\.1:\\d+ WS /websocket \\(echo\\) \\d+\\.\\d s 1000 NORMAL_CLOSURE by peer")),
                    String.join("\n", lines));
            List<String> refusedLines = lines.stream().filter(l -> l.contains("refused handshake for /websocket: 403")).toList();
            assertTrue(refusedLines.size() >= 1 && refusedLines.size() <= 2 * ServerLog.REFUSALS_PER_INTERVAL,
                    "a flood of " + refusals + " refusals wrote " + refusedLines.size() + " lines");
            assertTrue(lines.stream().anyMatch(l -> l.matches("… and \\d+ more refused handshakes in the last \\d+ s")),
                    String.join("\n", lines));
            assertEquals(refusals, refusalsAccountedFor(lines), String.join("\n", lines));

            awaitCount(counts.closed, 1);
            assertEquals(1, counts.opened.get());
            assertEquals(Map.of(1000, 1), Map.copyOf(counts.closedByCode));
            assertEquals(refusals, counts.rejected403.get());
            assertTrue(counts.http.get() >= 1);
            assertEquals(1, counts.messagesIn.get());
            assertEquals(1, counts.messagesOut.get());
            assertTrue(counts.bytesIn.get() > 6 && counts.bytesOut.get() > 6);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void jfrRecordsTheSessionWithItsPeerAndCloseCode(String transport) throws Exception {
        Path file = dir.resolve("weft.jfr");
        try (Recording recording = new Recording();
             WeftServer server = Servers.tutorial(transport, dir).build().start()) {
            recording.enable("dev.weft.ConnectionOpened");
            recording.enable("dev.weft.ConnectionClosed");
            recording.start();
            try (WsClient ws = WsClient.connect(server.webSocketUri("/websocket"), List.of("echo"))) {
                ws.session.close(1000, "bye");
                ws.awaitClose();
            }
            awaitOpenConnections(server);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        RecordedEvent closed = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.weft.ConnectionClosed"))
                .filter(e -> "/websocket".equals(e.getString("path")) && "peer".equals(e.getString("closedBy")))
                .findFirst().orElseThrow(() -> new AssertionError("no server-side close in " + events));
        assertEquals(1000, closed.getInt("closeCode"));
        assertTrue(closed.getString("peer").startsWith("127.0.0.1:"), closed.getString("peer"));
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("dev.weft.ConnectionOpened")
                && "server".equals(e.getString("role")) && "echo".equals(e.getString("subprotocol"))));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aSlowlorisIsAFewLinesAndACount(String transport) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        int slow = 200;
        List<java.net.Socket> sockets = new java.util.ArrayList<>();
        try (WeftServer server = Servers.tutorial(transport, dir).log(lines::add)
                .handshakeTimeout(Duration.ofMillis(300)).logInterval(Duration.ofSeconds(1)).build().start()) {
            for (int i = 0; i < slow; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", server.port());
                sockets.add(s);
                // Half a request, then nothing: the slowloris way of holding a connection.
                s.getOutputStream().write("GET /websocket HTTP/1.1\r\nHost: x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (timeoutsAccountedFor(lines) < slow && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(slow, timeoutsAccountedFor(lines), String.join("\n", lines));
            assertTrue(lines.size() <= 20, slow + " timeouts wrote " + lines.size() + " lines:\n" + String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.matches("127\\.0\\.0\\.1:\\d+ handshake timed out")), String.join("\n", lines));
        } finally {
            for (java.net.Socket s : sockets) {
                s.close();
            }
        }
    }

    private static long timeoutsAccountedFor(List<String> lines) {
        long written = lines.stream().filter(l -> l.endsWith("handshake timed out")).count();
        long summed = lines.stream().filter(l -> l.contains("more refused handshakes"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("^… and (\\d+) more.*$", "$1"))).sum();
        return written + summed;
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aBindFailureIsNamedByItsCauseNotAsAPortInUse(String transport) throws Exception {
        // 192.0.2.1 (TEST-NET-1) is on no interface here: the bind fails, and not because of a port.
        WeftServer server = WeftServer.builder().host("192.0.2.1").port(0).transport(transport).build();
        java.net.BindException e = org.junit.jupiter.api.Assertions.assertThrows(java.net.BindException.class, server::start);
        assertTrue(e.getMessage().startsWith("cannot bind 192.0.2.1:0: "), e.getMessage());
        server.close();
    }

    @Test
    void aFloodIsAFewLinesAndACount() {
        AtomicLong now = new AtomicLong();
        List<String> out = new CopyOnWriteArrayList<>();
        RateLimitedLog log = new RateLimitedLog(5, Duration.ofSeconds(10), now::get, "refused handshakes", out::add);
        for (int i = 0; i < 1000; i++) {
            log.log("refused " + i);
        }
        log.flush();
        assertEquals(5, out.size(), "nothing more until the interval ends");
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        log.flush();
        assertEquals(List.of("refused 0", "refused 1", "refused 2", "refused 3", "refused 4",
                "… and 995 more refused handshakes in the last 10 s"), out);
        log.flush();
        log.log("refused again");
        assertEquals("refused again", out.get(out.size() - 1), "a new interval writes again");
        assertEquals(7, out.size());
    }

    @Test
    void certificatesOutOfTheirDatesAreWarnedAboutAtStart() throws Exception {
        Path expired = fixture("expired.crt");
        Path future = fixture("future.crt");
        List<String> problems = CertificateValidity.problems(PemFiles.readCertificates(expired), Instant.now());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("expired on 2020-01-03"), problems.get(0));
        List<String> early = CertificateValidity.problems(PemFiles.readCertificates(future), Instant.now());
        assertTrue(early.get(0).contains("not valid until 2090-01-01"), early.toString());
        assertEquals(List.of(), CertificateValidity.problems(PemFiles.readCertificates(future),
                Instant.parse("2090-01-02T00:00:00Z")));

        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.weft.server");
        logger.addHandler(capture);
        try {
            PemFiles.serverContext(expired, fixture("expired.key"));
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(1, warnings.size());
        assertEquals(java.util.logging.Level.WARNING, warnings.get(0).getLevel());
        assertTrue(warnings.get(0).getMessage().contains("expired on 2020-01-03"), warnings.get(0).getMessage());
    }

    private Path fixture(String name) throws Exception {
        Path copy = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/certificates/" + name)) {
            Files.copy(in, copy);
        }
        return copy;
    }

    private static long refusalsAccountedFor(List<String> lines) {
        long written = lines.stream().filter(l -> l.contains("refused handshake for /websocket: 403")).count();
        long summed = lines.stream().filter(l -> l.contains("more refused handshakes"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("^… and (\\d+) more.*$", "$1"))).sum();
        return written + summed;
    }

    private static void awaitCount(AtomicInteger count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static void awaitOpenConnections(WeftServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** A listener the way a user would write one for Micrometer: counters and a map by close code. */
    private static final class Counts implements MetricsListener {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final Map<Integer, Integer> closedByCode = new ConcurrentHashMap<>();
        final AtomicInteger rejected403 = new AtomicInteger();
        final AtomicInteger http = new AtomicInteger();
        final AtomicInteger messagesIn = new AtomicInteger();
        final AtomicInteger messagesOut = new AtomicInteger();
        final AtomicLong bytesIn = new AtomicLong();
        final AtomicLong bytesOut = new AtomicLong();

        @Override
        public void connectionOpened(String peer, String path, String subprotocol) {
            opened.incrementAndGet();
        }

        @Override
        public void connectionClosed(Session session) {
            closedByCode.merge(session.closeCode(), 1, Integer::sum);
            closed.incrementAndGet();
        }

        @Override
        public void handshakeRejected(String peer, String path, int status, String reason) {
            if (status == 403) {
                rejected403.incrementAndGet();
            }
        }

        @Override
        public void httpExchange(Exchange exchange) {
            http.incrementAndGet();
        }

        @Override
        public void messageReceived(long bytes) {
            messagesIn.incrementAndGet();
        }

        @Override
        public void messageSent(long bytes) {
            messagesOut.incrementAndGet();
        }

        @Override
        public void bytesReceived(long bytes) {
            bytesIn.addAndGet(bytes);
        }

        @Override
        public void bytesSent(long bytes) {
            bytesOut.addAndGet(bytes);
        }
    }
}
