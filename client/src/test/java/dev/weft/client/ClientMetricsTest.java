package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.observe.MetricsListener;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The metrics listener set on the client builder hears the client's side of a conversation, on both transports. */
@Timeout(60)
class ClientMetricsTest {

    @ParameterizedTest
    @ValueSource(strings = {"nio", "loom"})
    void theClientsListenerCountsItsConnection(String transport) throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        AtomicLong bytesOut = new AtomicLong();
        MetricsListener metrics = new MetricsListener() {
            @Override
            public void connectionOpened(String peer, String path, String subprotocol) {
                calls.add("opened " + path);
            }

            @Override
            public void connectionClosed(Session s) {
                calls.add("closed " + s.closeCode() + (s.closedByPeer() ? " by peer" : " by us"));
            }

            @Override
            public void messageSent(long bytes) {
                calls.add("sent " + bytes);
            }

            @Override
            public void messageReceived(long bytes) {
                calls.add("received " + bytes);
            }

            @Override
            public void bytesSent(long bytes) {
                bytesOut.addAndGet(bytes);
            }
        };
        try (EchoFixture server = new EchoFixture(transport, null);
             WeftClient client = WeftClient.builder().transport(transport).metrics(metrics).build()) {
            BlockingWebSocket socket = client.connectBlocking(URI.create("ws://127.0.0.1:" + server.port() + "/websocket"));
            socket.send("ping!");
            assertEquals(new BlockingWebSocket.Message.Text("ping!"), socket.receive(Duration.ofSeconds(10)));
            socket.close(1000, "", Duration.ofSeconds(10));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("opened /websocket", "sent 5", "received 5", "closed 1000 by us"), calls);
        assertTrue(bytesOut.get() >= 5 + 6, "a masked client frame has at least 6 bytes of header: " + bytesOut.get());
    }
}
