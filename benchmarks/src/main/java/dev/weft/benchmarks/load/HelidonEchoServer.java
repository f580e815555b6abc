package dev.weft.benchmarks.load;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.time.Duration;

/**
 * Helidon 4 SE's WebSocket echo: its own server (a virtual thread per connection) with a
 * WebSocket route on {@code /echo} whose listener sends each fragment back as it arrives.
 */
final class HelidonEchoServer implements EchoServer {

    /**
     * Longer than any measurement, so idle connections stay open; Helidon's default closes them
     * after five minutes of silence.
     */
    private static final Duration IDLE_TIMEOUT = Duration.ofHours(1);

    private final WebServer server;

    private HelidonEchoServer(WebServer server) {
        this.server = server;
    }

    /**
     * Starts the server.
     *
     * @param port the port, 0 for any
     * @return the running server
     */
    static HelidonEchoServer start(int port) {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .shutdownHook(false)
                .idleConnectionTimeout(IDLE_TIMEOUT)
                // The other servers all switch Nagle off; Helidon leaves it on unless told.
                .connectionOptions(options -> options.tcpNoDelay(true))
                // Helidon reads at most 1 MiB per frame by default: lift it to the harness's limit.
                .addProtocol(WsConfig.builder().maxFrameLength(MAX_MESSAGE).build())
                .addRouting(WsRouting.builder().endpoint(PATH, new Echo()))
                .build()
                .start();
        return new HelidonEchoServer(server);
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Sends every fragment back as it came, so a message echoes frame for frame. */
    private static final class Echo implements WsListener {
        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            session.send(text, last);
        }

        @Override
        public void onMessage(WsSession session, BufferData buffer, boolean last) {
            session.send(buffer, last);
        }
    }
}
