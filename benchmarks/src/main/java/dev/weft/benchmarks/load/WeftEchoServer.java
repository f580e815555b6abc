package dev.weft.benchmarks.load;

import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.Keepalive;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/** Weft's echo on one of its transports, bound straight on the transport SPI. */
final class WeftEchoServer implements EchoServer {

    /**
     * The transport's defaults, except that connections never time out for silence: the idle
     * scale holds thousands of connections that say nothing for as long as it measures.
     */
    private static final TransportOptions OPTIONS = new TransportOptions(0, Duration.ofSeconds(10), Duration.ZERO,
            Duration.ofSeconds(5), Duration.ofSeconds(10));

    private final Transport transport;
    private final ServerBinding binding;

    private WeftEchoServer(Transport transport, ServerBinding binding) {
        this.transport = transport;
        this.binding = binding;
    }

    /**
     * Starts an echo server.
     *
     * @param transportName {@code nio} or {@code loom}
     * @param port          the port, 0 for any
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    static WeftEchoServer start(String transportName, int port) throws IOException {
        return start(transportName, port, Compression.NONE);
    }

    /**
     * Starts an echo server that takes permessage-deflate as {@code compression} says.
     *
     * @param transportName {@code nio} or {@code loom}
     * @param port          the port, 0 for any
     * @param compression   whether to negotiate permessage-deflate
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    static WeftEchoServer start(String transportName, int port, Compression compression) throws IOException {
        Transport transport = Transports.provider(transportName).open(OPTIONS);
        ServerHandshake handshake = new ServerHandshake(List.of(), OriginPolicy.any(),
                compression.on() ? List.of(compression.weftServer()) : List.of());
        // No keepalive pings, as Netty's and Helidon's echo servers send none: the generator does
        // not answer pings, and on a busy machine opening the idle scale's connections can outlast
        // the default 20 s interval, after which a ping would read as a broken echo.
        ProtocolConfig config = ProtocolConfig.defaults(Role.SERVER)
                .withDecoder(DecoderConfig.defaults(Role.SERVER).withMaxFramePayloadLength(MAX_MESSAGE).withMaxMessageLength(MAX_MESSAGE))
                .withKeepalive(Keepalive.off());
        Route echo = new Route.Upgrade(handshake, new Echo(), config);
        Route notFound = new Route.Respond(HttpResponse.text(404, "text/plain", "not found"));
        try {
            ServerBinding binding = transport.bind(new InetSocketAddress("127.0.0.1", port),
                    request -> request.path().equals(PATH) ? echo : notFound, HttpLimits.defaults(), null);
            return new WeftEchoServer(transport, binding);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    @Override
    public int port() {
        return binding.localAddress().getPort();
    }

    @Override
    public void close() {
        binding.close();
        transport.close();
    }

    /** Sends every message back as it came; one instance serves every connection. */
    private static final class Echo implements WebSocketHandler {
        @Override
        public void onText(WebSocketSession session, String text) {
            session.sendText(text);
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            // No completion stage: nothing waits on it, and it costs an allocation per message.
            // A refusal (queue full, closing) means the connection is ending; nothing to retry.
            session.offerBinary(data);
        }
    }
}
