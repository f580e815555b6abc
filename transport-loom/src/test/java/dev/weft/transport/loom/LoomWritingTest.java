package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.testkit.RawClient;
import dev.weft.codec.testkit.Recorder;
import dev.weft.codec.testkit.TransportKit;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who writes on the Loom transport: the reader writes what its handlers send once they return,
 * and a writer thread exists only for output that the reader will not write soon. Each test pins
 * down one consequence.
 */
@Timeout(60)
class LoomWritingTest extends TransportKit {

    @Override
    protected String transportName() {
        return "loom";
    }

    @Test
    void aHandlerMayWaitForItsOwnSends() throws Exception {
        WebSocketHandler waiter = new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String text) {
                // Each wait happens on the reader thread, which is also the one that would write.
                session.sendTextAndWait("one " + text);
                session.sendText("two " + text).toCompletableFuture().join();
                try {
                    session.sendText("three " + text).thenApply(v -> v).toCompletableFuture().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                session.sendText("four " + text);
            }
        };
        ServerBinding binding = bind(router(() -> waiter));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        raw.sendText("a").sendText("b");
        for (String text : List.of("a", "b")) {
            for (String n : List.of("one", "two", "three", "four")) {
                assertEquals(n + " " + text, raw.readMessage().text());
            }
        }
    }

    @Test
    void aSendFromAnotherThreadLeavesWhileTheHandlerIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<WebSocketSession> busy = new CompletableFuture<>();
        WebSocketHandler slow = new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String text) {
                session.sendText("before the wait");
                busy.complete(session);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                session.sendText("after the wait");
            }
        };
        ServerBinding binding = bind(router(() -> slow));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        raw.sendText("go");
        WebSocketSession session = await(busy);
        session.sendText("from elsewhere");
        // Both go out while the reader is still inside the handler, in the order they were sent.
        assertEquals("before the wait", raw.readMessage().text());
        assertEquals("from elsewhere", raw.readMessage().text());
        release.countDown();
        assertEquals("after the wait", raw.readMessage().text());
    }

    @Test
    void aReplyLeavesWhileItsHandlerBlocks() throws Exception {
        java.util.concurrent.Semaphore returned = new java.util.concurrent.Semaphore(0);
        WebSocketHandler sleeper = new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String text) {
                session.sendText("reply to " + text);
                try {
                    Thread.sleep(1_000); // the handler blocks after sending, on the reader thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                returned.release();
            }
        };
        ServerBinding binding = bind(router(() -> sleeper));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        for (String text : List.of("first", "second")) {
            long sent = System.nanoTime();
            raw.sendText(text);
            assertEquals("reply to " + text, raw.readMessage().text());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            // The transport aims at well under 50 ms; the bound is generous for a loaded machine,
            // and still far below the second the handler sleeps.
            org.junit.jupiter.api.Assertions.assertTrue(millis < 500,
                    "the reply waited " + millis + " ms for its handler to return");
            // The second round starts once the handler is back in the reader's loop.
            org.junit.jupiter.api.Assertions.assertTrue(returned.tryAcquire(10, TimeUnit.SECONDS), "the handler returned");
        }
    }

    @Test
    void anIdleConnectionKeepsOnlyItsReader(@TempDir Path dir) throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        Recorder client = new Recorder();
        WebSocketSession session = connect(wsUri(binding, ECHO), client);
        for (int i = 0; i < 20; i++) {
            session.sendText("message " + i);
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("message " + i, client.nextText());
        }
        String[] dump = new String[1];
        waitUntil("no writer thread to be left", WAIT, () -> {
            dump[0] = threadDump(dir);
            return !dump[0].contains("weft-loom-write-");
        });
        // One reader for the server's end, one for the client's.
        assertEquals(2, count(dump[0], "\"weft-loom-conn-"), dump[0]);
    }

    private static String threadDump(Path dir) {
        try {
            Path file = Files.createTempFile(dir, "threads", ".txt");
            Files.delete(file); // dumpThreads refuses to overwrite
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
