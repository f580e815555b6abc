package dev.weft.conformance.testee;

import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The server under test: a Weft server on one transport, built directly on the transport SPI,
 * that echoes every message exactly as it arrives (text as text, binary as binary) on any path,
 * and accepts permessage-deflate with any parameters a client offers (Autobahn's sections 12–13).
 * Its limits are large enough for Autobahn's section 9 (16 MiB frames, 4 MiB fragmented
 * messages): 64 MiB per frame and per message.
 */
public final class TesteeServer implements AutoCloseable {

    /** The frame and message limit: 64 MiB. */
    public static final long LIMIT = 64L * 1024 * 1024;

    private final Transport transport;
    private final ServerBinding binding;

    private TesteeServer(Transport transport, ServerBinding binding) {
        this.transport = transport;
        this.binding = binding;
    }

    /**
     * Starts an echo server.
     *
     * @param transportName the transport, such as {@code nio} or {@code loom}
     * @param address       where to listen (port 0 for any free port)
     * @return the running server
     * @throws IOException              if the address cannot be bound
     * @throws IllegalArgumentException if the transport is unknown
     */
    public static TesteeServer start(String transportName, InetSocketAddress address) throws IOException {
        Transport transport = Transports.provider(transportName).open(TransportOptions.defaults());
        try {
            ProtocolConfig config = ProtocolConfig.defaults(Role.SERVER)
                    .withDecoder(DecoderConfig.defaults(Role.SERVER).withMaxFramePayloadLength(LIMIT).withMaxMessageLength(LIMIT))
                    .withOutboundLimits(ProtocolConfig.DEFAULT_HIGH_WATER_MARK, ProtocolConfig.DEFAULT_LOW_WATER_MARK, 2 * LIMIT);
            // permessage-deflate for sections 12-13, compressing every message, however short.
            ServerHandshake handshake = new ServerHandshake(List.of(), OriginPolicy.any(),
                    List.of(new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0))));
            Route upgrade = new Route.Upgrade(handshake, new Echo(), config);
            ServerBinding binding = transport.bind(address, request -> upgrade, HttpLimits.defaults(), null);
            return new TesteeServer(transport, binding);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * Returns the address the server listens on.
     *
     * @return the bound address, with the real port
     */
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** Stops the server and its transport. */
    @Override
    public void close() {
        binding.close();
        transport.close();
    }

    /** Echoes each message as it came. */
    static final class Echo implements WebSocketHandler {
        @Override
        public void onText(WebSocketSession session, String text) {
            session.sendText(text);
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            session.sendBinary(data);
        }
    }
}
