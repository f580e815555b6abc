package dev.weft.server;

import dev.weft.codec.api.ForwardingHandler;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.CloseCode;
import java.net.InetSocketAddress;
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
final class ConnectionHandler extends ForwardingHandler {

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
    protected WebSocketHandler delegate() {
        return delegate;
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
        super.onOpen(session);
    }






    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        try {
            super.onClose(session, code, reason);
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
        super.onError(session, error);
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
