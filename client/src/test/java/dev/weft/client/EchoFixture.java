package dev.weft.client;

import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;

/**
 * A Weft echo server on a chosen transport, for client tests: {@code /websocket} echoes (or, with
 * the {@code reverse} subprotocol, reverses text), {@code /close} closes at once with 4000, and
 * anything else is a 404. Requests are kept for inspection.
 */
final class EchoFixture implements AutoCloseable {
    final Transport transport;
    final ServerBinding binding;
    final BlockingQueue<HttpRequest> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<String> pings = new LinkedBlockingQueue<>();

    EchoFixture(String transportName, SSLContext tls) throws Exception {
        transport = Transports.provider(transportName).open(TransportOptions.defaults());
        ServerHandshake handshake = new ServerHandshake(List.of("reverse"), OriginPolicy.any(), List.of());
        WebSocketHandler echo = new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String text) {
                session.sendText("reverse".equals(session.subprotocol()) ? new StringBuilder(text).reverse() : text);
            }

            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
                session.sendBinary(data);
            }

            @Override
            public void onPing(WebSocketSession session, ByteBuffer data) {
                pings.add("ping");
            }
        };
        WebSocketHandler closer = new WebSocketHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                session.close(4000, "go away");
            }
        };
        binding = transport.bind(new InetSocketAddress("127.0.0.1", 0), request -> {
            requests.add(request);
            return switch (request.path()) {
                case "/websocket" -> new Route.Upgrade(handshake, echo, ProtocolConfig.defaults(Role.SERVER));
                case "/close" -> new Route.Upgrade(handshake, closer, ProtocolConfig.defaults(Role.SERVER));
                default -> new Route.Respond(HttpResponse.text(404, "text/plain", "not found"));
            };
        }, HttpLimits.defaults(), tls);
    }

    int port() {
        return binding.localAddress().getPort();
    }

    @Override
    public void close() {
        transport.close();
    }
}
