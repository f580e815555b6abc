package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.testkit.Certificates;
import dev.weft.codec.testkit.RawClient;
import dev.weft.codec.testkit.Recorder;
import dev.weft.codec.testkit.TransportKit;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No virtual thread of the Loom transport pins its carrier while it blocks: an echo workload
 * (plain and TLS, a file response, closing handshakes, a graceful shutdown) runs under a JFR
 * recording of {@code jdk.VirtualThreadPinned} with a 0 ms threshold, and no recorded event may
 * have a frame of {@code dev.weft.transport.loom} on its stack.
 *
 * <p>What this can and cannot see: since JDK 24 (JEP 491) blocking inside {@code synchronized} no
 * longer pins, so on the JDK 25 the build runs on, a {@code synchronized} block around blocking
 * I/O would not be reported; the transport avoids it anyway (locks are {@code ReentrantLock}s),
 * and on JDK 21 this same test would report it. What still pins on JDK 25 (blocking with a native
 * frame on the stack, as in a class initializer) is reported, and
 * {@link #theCheckSeesADeliberatePin()} proves the check catches it: it blocks a virtual thread
 * inside a static initializer of a class in this package and expects the check to fail on it.
 */
class LoomPinningTest extends TransportKit {

    @Override
    protected String transportName() {
        return "loom";
    }

    @Test
    @Timeout(60)
    void theTransportNeverPinsACarrier(@TempDir Path dir) throws Exception {
        Certificates certificate = Certificates.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        // First, a small run outside the recording: the first TLS handshakes initialise the JDK's
        // TLS classes, and a virtual thread that waits for another to finish a class initialiser
        // is pinned meanwhile (JDK 25 still pins there). That is the JDK's one-time cost, not an
        // I/O path of the transport; the recorded run below is the steady state.
        workload(dir, certificate, 4, 2);
        List<RecordedEvent> pins = recordPinning(dir, () -> workload(dir, certificate, 24, 30));
        List<String> ours = pins.stream().filter(LoomPinningTest::inLoomTransport).map(LoomPinningTest::describe).toList();
        assertEquals(List.of(), ours, "virtual threads pinned in the Loom transport's code");
    }

    @Test
    @Timeout(30)
    void theCheckSeesADeliberatePin(@TempDir Path dir) throws Exception {
        List<RecordedEvent> pins = recordPinning(dir, () -> {
            Thread t = Thread.ofVirtual().start(Pinner::touch);
            t.join();
        });
        assertTrue(pins.stream().anyMatch(LoomPinningTest::inLoomTransport),
                "a virtual thread blocked in a class initializer of this package was not reported: " + pins.size() + " events");
    }

    /** Blocks the thread that initialises it: a virtual thread stays pinned meanwhile, even on JDK 24+. */
    static final class Pinner {
        static {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
            // Initialising the class is the point.
        }
    }

    interface Workload {
        void run() throws Exception;
    }

    private static List<RecordedEvent> recordPinning(Path dir, Workload workload) throws Exception {
        Path file = dir.resolve("pinning.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            workload.run();
            recording.stop();
            recording.dump(file);
        }
        return RecordingFile.readAllEvents(file);
    }

    private static boolean inLoomTransport(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return false;
        }
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        if (!frames.isEmpty() && frames.get(0).getMethod() != null
                && frames.get(0).getMethod().getType().getName().startsWith("jdk.jfr.internal.")) {
            // JFR writing one of Weft's own events takes the JDK's string-pool monitor; it happens
            // only while a recording runs (as this test's does), and the pin is JFR's, not ours.
            return false;
        }
        for (RecordedFrame frame : frames) {
            if (frame.getMethod() != null && frame.getMethod().getType().getName().startsWith("dev.weft.transport.loom.")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(RecordedEvent event) {
        StringBuilder out = new StringBuilder("pinned for " + event.getDuration().toMillis() + " ms at");
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            out.append("\n  ").append(frame.getMethod().getType().getName()).append('.').append(frame.getMethod().getName())
                    .append(':').append(frame.getLineNumber());
        }
        return out.toString();
    }

    private void workload(Path dir, Certificates certificate, int connections, int messages) throws Exception {
        byte[] content = RawClient.pattern(256 * 1024, 9);
        Path file = Files.write(dir.resolve("file.bin"), content);
        AtomicReference<FileChannel> opened = new AtomicReference<>();
        Handlers handlers = new Handlers(true);
        ServerBinding plain = bind(transport(), router(handlers, ProtocolConfig.defaults(Role.SERVER),
                Map.of("/file", r -> fileRoute(file, opened))), null);
        ServerBinding tls = bind(transport(), router(handlers), certificate.serverContext());

        List<WebSocketSession> sessions = new ArrayList<>();
        List<Recorder> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Recorder r = new Recorder();
            clients.add(r);
            URI uri = i % 4 == 0 ? URI.create("wss://localhost:" + tls.localAddress().getPort() + ECHO) : wsUri(plain, ECHO);
            sessions.add(connect(transport(), uri, r, i % 4 == 0 ? certificate.clientContext() : null));
        }
        byte[] big = RawClient.pattern(200_000, 1);
        for (int m = 0; m < messages; m++) {
            for (WebSocketSession s : sessions) {
                s.sendText("message " + m);
                if (m % 10 == 0) {
                    s.sendBinary(ByteBuffer.wrap(big));
                }
            }
        }
        for (Recorder r : clients) {
            for (int m = 0; m < messages; m++) {
                assertEquals("message " + m, r.nextText());
                if (m % 10 == 0) {
                    assertArrayEquals(big, r.nextBinary());
                }
            }
        }
        try (RawClient raw = RawClient.connect(plain.localAddress())) {
            raw.writeRaw("GET /file HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertArrayEquals(content, raw.readHttpResponse().body());
        }
        for (int i = 0; i < sessions.size() / 2; i++) {
            sessions.get(i).close(1000, "done");
            clients.get(i).expectClose(1000, "");
        }
        await(plain.shutdown(Duration.ofSeconds(5)));
        await(tls.shutdown(Duration.ofSeconds(5)));
    }
}
