package dev.weft.server;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.CloseCode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The handler of one WebSocket connection on an endpoint: once the handshake has chosen a
 * subprotocol, it makes that protocol's handler and passes every later call to it, and it writes
 * the connection's open and close lines to the server's log.
 *
 * <p>{@link dev.weft.codec.api.Route.Upgrade} takes one handler before the subprotocol is known,
 * so the choice is made here, in {@link #onOpen}; calls for one connection never overlap, so the
 * delegate needs no synchronisation.
 */
final class ConnectionHandler implements WebSocketHandler {

    private final String path;
    private final Map<String, Subprotocol> protocols;
    private final Subprotocol fallback;
    private final ScheduledExecutorService timer;
    private final Consumer<String> log;
    private final boolean verbose;
    private WebSocketHandler delegate = new WebSocketHandler() { };

    ConnectionHandler(String path, Map<String, Subprotocol> protocols, Subprotocol fallback,
                      ScheduledExecutorService timer, Consumer<String> log, boolean verbose) {
        this.path = path;
        this.protocols = protocols;
        this.fallback = fallback;
        this.timer = timer;
        this.log = log;
        this.verbose = verbose;
    }

    @Override
    public void onOpen(WebSocketSession session) {
        String chosen = session.subprotocol();
        Subprotocol protocol = chosen == null ? fallback : protocols.getOrDefault(chosen, fallback);
        if (log != null) {
            log.accept(peer(session) + " connected to " + path
                    + (chosen == null ? " (no subprotocol: " + fallback.name() + ")" : " (" + chosen + ")"));
        }
        delegate = protocol.handlers().newHandler(timer);
        delegate.onOpen(session);
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        delegate.onText(session, text);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        delegate.onBinary(session, data);
    }

    @Override
    public void onFragment(WebSocketSession session, boolean text, ByteBuffer data, boolean last) {
        delegate.onFragment(session, text, data, last);
    }

    @Override
    public void onPing(WebSocketSession session, ByteBuffer data) {
        delegate.onPing(session, data);
    }

    @Override
    public void onPong(WebSocketSession session, ByteBuffer data) {
        delegate.onPong(session, data);
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        try {
            delegate.onClose(session, code, reason);
        } finally {
            if (log != null) {
                log.accept(peer(session) + " closed " + code + " (" + CloseCode.name(code) + ")"
                        + (reason == null || reason.isEmpty() ? "" : " \"" + reason + "\""));
            }
        }
    }

    @Override
    public void onError(WebSocketSession session, Throwable error) {
        if (log != null && verbose) {
            log.accept(peer(session) + " error: " + error);
        }
        delegate.onError(session, error);
    }

    private static String peer(WebSocketSession session) {
        InetSocketAddress remote = session.remoteAddress();
        if (remote == null) {
            return "?";
        }
        String host = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + remote.getPort();
    }
}
