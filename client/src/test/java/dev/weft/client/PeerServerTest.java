package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.spi.Transports;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client against Netty's WebSocket server — a peer nobody here wrote — over ws and wss, on
 * every transport.
 */
@Timeout(60)
class PeerServerTest {

    static Stream<String> transports() {
        return Transports.available().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void echoOverWs(String transport) throws Exception {
        try (NettyEchoServer netty = new NettyEchoServer(null);
             WeftClient client = WeftClient.builder().transport(transport).build()) {
            exchange(client, URI.create("ws://127.0.0.1:" + netty.port() + "/websocket"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void echoOverWss(String transport, @TempDir Path dir) throws Exception {
        TestCertificate cert = new TestCertificate(dir);
        try (NettyEchoServer netty = new NettyEchoServer(cert.keyManagers);
             WeftClient client = WeftClient.builder().transport(transport).trustPem(cert.caPem).build()) {
            exchange(client, URI.create("wss://localhost:" + netty.port() + "/websocket"));
        }
    }

    private static void exchange(WeftClient client, URI uri) throws Exception {
        try (BlockingWebSocket socket = client.connectBlocking(uri)) {
            Duration timeout = Duration.ofSeconds(10);
            socket.send("hello, Netty");
            assertEquals(new BlockingWebSocket.Message.Text("hello, Netty"), socket.receive(timeout));
            byte[] big = new byte[1 << 20];
            new java.util.Random(7).nextBytes(big);
            socket.send(ByteBuffer.wrap(big));
            BlockingWebSocket.Message reply = socket.receive(timeout);
            assertEquals(ByteBuffer.wrap(big), ((BlockingWebSocket.Message.Binary) reply).data());
            BlockingWebSocket.Message.Closed closed = socket.close(1000, "bye", timeout);
            assertEquals(1000, closed.code());
        }
    }
}
