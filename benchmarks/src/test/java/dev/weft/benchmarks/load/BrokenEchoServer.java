package dev.weft.benchmarks.load;

import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.engine.ProtocolConfig;
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
import java.util.List;

/** A WebSocket server in this process whose handler the test chooses: an echo that misbehaves. */
final class BrokenEchoServer implements AutoCloseable {

    private final Transport transport;
    private final ServerBinding binding;

    BrokenEchoServer(WebSocketHandler handler) throws IOException {
        transport = Transports.provider("nio").open(TransportOptions.defaults());
        Route route = new Route.Upgrade(new ServerHandshake(List.of(), OriginPolicy.any(), List.of()), handler,
                ProtocolConfig.defaults(Role.SERVER));
        binding = transport.bind(new InetSocketAddress("127.0.0.1", 0), request -> route, HttpLimits.defaults(), null);
    }

    EchoTarget target() {
        return new EchoTarget("broken", "127.0.0.1", binding.localAddress().getPort(), true);
    }

    @Override
    public void close() {
        binding.close();
        transport.close();
    }
}
