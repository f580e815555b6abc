package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import dev.weft.codec.spi.Transports;
import dev.weft.server.WeftServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * permessage-deflate (RFC 7692) between Weft's client and server over real sockets, every
 * transport against every other, and the zlib streams released when connections end, closed
 * politely or dropped mid-message.
 */
@Timeout(60)
class DeflateTransportTest {

    static Stream<String> transports() {
        return Transports.available().stream();
    }

    @ParameterizedTest(name = "server {0}")
    @MethodSource("transports")
    void compressedEchoBetweenEveryPairOfTransports(String serverTransport) throws Exception {
        for (DeflateConfig config : new DeflateConfig[] {DeflateConfig.defaults(),
                DeflateConfig.defaults().withNoContextTakeover(true).withMaxWindowBits(9, 10)}) {
            PerMessageDeflate serverSide = new PerMessageDeflate(config);
            try (WeftServer server = WeftServer.tutorial().host("127.0.0.1").port(0).transport(serverTransport)
                    .deflate(serverSide).log(line -> { }).build().start()) {
                for (String clientTransport : Transports.available()) {
                    PerMessageDeflate clientSide = new PerMessageDeflate(config);
                    try (WeftClient client = WeftClient.builder().transport(clientTransport).deflate(clientSide).build()) {
                        BlockingWebSocket socket = client.connectBlocking(server.webSocketUri("/websocket"));
                        for (int i = 0; i < 3; i++) {
                            String text = ("{\"n\":" + i + ",\"text\":\"compressed ü\"},").repeat(3000);
                            socket.send(text);
                            assertEquals(new BlockingWebSocket.Message.Text(text), socket.receive(Duration.ofSeconds(10)));
                        }
                        assertTrue(serverSide.openStreams() > 0, "the server compressed");
                        assertTrue(clientSide.openStreams() > 0, "the client compressed");
                        socket.close(1000, "", Duration.ofSeconds(10));
                    }
                    awaitReleased(serverSide);
                    awaitReleased(clientSide);
                }
            }
        }
    }

    @ParameterizedTest(name = "server {0}")
    @MethodSource("transports")
    void aPeerThatDropsMidMessageLeavesNothingHeld(String serverTransport) throws Exception {
        PerMessageDeflate serverSide = new PerMessageDeflate(DeflateConfig.defaults());
        try (WeftServer server = WeftServer.tutorial().host("127.0.0.1").port(0).transport(serverTransport)
                .deflate(serverSide).log(line -> { }).build().start()) {
            for (int round = 0; round < 3; round++) {
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    OutputStream out = s.getOutputStream();
                    out.write(("GET /websocket HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String head = readHead(s.getInputStream());
                    assertTrue(head.startsWith("HTTP/1.1 101") && head.toLowerCase().contains("permessage-deflate"), head);
                    // A whole compressed message ("hello " 20 times, deflated; masked with a zero key),
                    // whose echo the server compresses; then the first fragment of another, so the
                    // inflater is mid-message when the peer drops.
                    byte[] hellos = {(byte) 0xca, (byte) 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, (byte) 0x57,
                        (byte) 0xc8, (byte) 0xa0, (byte) 0x3b, (byte) 0x09, (byte) 0x00};
                    out.write(new byte[] {(byte) 0xc1, (byte) (0x80 | hellos.length), 0, 0, 0, 0});
                    out.write(hellos);
                    out.flush();
                    assertEquals(0xc1, s.getInputStream().read(), "FIN, RSV1, TEXT: the echo is compressed");
                    out.write(new byte[] {(byte) 0x41, (byte) (0x80 | hellos.length), 0, 0, 0, 0});
                    out.write(hellos, 0, 5);
                    out.flush();
                    assertTrue(serverSide.openStreams() >= 2, "a compressor and a decompressor");
                    s.setSoLinger(true, 0); // drop with a reset, no close frame
                }
                awaitReleased(serverSide);
            }
        }
    }

    /** {@code ./weft server --deflate} accepts the extension (and without the flag does not); {@code ./weft client --deflate} offers it. */
    @org.junit.jupiter.api.Test
    void theCommandLinesSwitchItOn() throws Exception {
        for (boolean on : new boolean[] {false, true}) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            dev.weft.server.cli.ServerCommand command = new dev.weft.server.cli.ServerCommand(
                    new java.io.PrintStream(out, true), new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true), false);
            String[] args = on ? new String[] {"--port", "0", "--host", "127.0.0.1", "--quiet", "--deflate"}
                    : new String[] {"--port", "0", "--host", "127.0.0.1", "--quiet"};
            assertEquals(0, dev.weft.server.cli.ServerCommand.execute(command, args));
            try (WeftServer server = command.server()) {
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    s.getOutputStream().write(("GET /websocket HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    String head = readHead(s.getInputStream()).toLowerCase();
                    assertEquals(on, head.contains("sec-websocket-extensions: permessage-deflate"), head);
                }
                String line = "a line that compresses well, ".repeat(40);
                assertEquals(new ClientCommandTest.Run(0, "GOT ECHO REPLY: [" + line + "]\n", ""),
                        ClientCommandTest.run("-url", server.webSocketUri("/websocket").toString(), "--deflate", line));
            }
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    /** Every zlib stream the factory made is ended or idle in its pool, soon after the connections end. */
    static void awaitReleased(PerMessageDeflate factory) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (factory.openStreams() != factory.idleStreams() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(factory.idleStreams(), factory.openStreams(), "zlib streams still held");
    }
}
