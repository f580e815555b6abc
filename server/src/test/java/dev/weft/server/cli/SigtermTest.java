package dev.weft.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft server} as a real process: SIGTERM shuts it down gracefully, every WebSocket client
 * getting 1001 (going away), and the process ends.
 */
@Timeout(60)
class SigtermTest {

    @TempDir
    Path dir;

    @Test
    void sigtermSends1001AndExits() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ServerCommand.class.getName(), "--port", "0", "--host", "127.0.0.1", "--root", dir.toString())
                .redirectErrorStream(true).start();
        try {
            // Read the output as it comes, so nothing is lost when the process ends.
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    lines.add("(output ended: " + e.getMessage() + ")");
                }
            });
            String first = lines.poll(20, TimeUnit.SECONDS);
            assertNotNull(first, "the server printed nothing");
            Matcher m = Pattern.compile("Starting WS listener on (ws://127\\.0\\.0\\.1:\\d+/websocket) \\(bound to .*\\)").matcher(first);
            assertTrue(m.matches(), first);

            ServerCommandTest.Client echo = ServerCommandTest.Client.connect(m.group(1), null, null);
            ServerCommandTest.Client ticks = ServerCommandTest.Client.connect(m.group(1), "dumb-increment-protocol", null);
            echo.session.sendTextAndWait("ping");
            assertEquals("ping", echo.received.poll(10, TimeUnit.SECONDS));
            assertEquals("0", ticks.received.poll(10, TimeUnit.SECONDS));

            server.toHandle().destroy(); // SIGTERM, leaving our end of its pipes open
            assertEquals("closed 1001", echo.received.poll(10, TimeUnit.SECONDS));
            String last;
            do {
                last = ticks.received.poll(10, TimeUnit.SECONDS);
            } while (last != null && !last.startsWith("closed"));
            assertEquals("closed 1001", last);
            assertTrue(server.waitFor(15, TimeUnit.SECONDS), "the process ends after its shutdown");

            reader.join(5000);
            List<String> rest = List.copyOf(lines);
            assertTrue(rest.stream().anyMatch(l -> l.contains("shutting down: 1001 to 2 connection(s)")), String.join("\n", rest));
            assertTrue(rest.stream().noneMatch(l -> l.contains("Exception")), String.join("\n", rest));
        } finally {
            server.destroyForcibly();
        }
    }
}
