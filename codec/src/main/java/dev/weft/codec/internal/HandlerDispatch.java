package dev.weft.codec.internal;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolEvent;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.FailConnectionException;

/**
 * Turns engine events into handler calls: the one piece of the read loop that every transport
 * shares, so that a handler sees the same calls in the same order on each. Not API: the module
 * exports this package only to the transports.
 */
public final class HandlerDispatch {
    private static final System.Logger LOG = System.getLogger("dev.weft.handler");

    private HandlerDispatch() {
    }

    private static String describe(WebSocketSession session) {
        java.net.InetSocketAddress remote = session.remoteAddress();
        String path = session.path();
        return (remote == null ? "?" : remote.getHostString() + ":" + remote.getPort()) + (path == null ? "" : " " + path);
    }

    /**
     * Calls the handler method for one event. If the handler throws, the exception goes to
     * {@link WebSocketHandler#onError} and the connection is closed with 1011. An {@link Error}
     * (a handler's {@link StackOverflowError}, an {@link OutOfMemoryError} while it worked) is
     * treated the same way: it fails this connection, never the thread or loop that runs others.
     *
     * @param event   the event from the connection's engine
     * @param handler the application
     * @param session the connection, as the application sees it
     */
    public static void dispatch(ProtocolEvent event, WebSocketHandler handler, WebSocketSession session) {
        try {
            switch (event) {
                case ProtocolEvent.Opened opened -> handler.onOpen(session);
                case ProtocolEvent.TextReceived text -> handler.onText(session, text.text());
                case ProtocolEvent.BinaryReceived binary -> handler.onBinary(session, binary.data());
                case ProtocolEvent.FragmentReceived part -> handler.onFragment(session, part.text(), part.data(), part.last());
                case ProtocolEvent.PingReceived ping -> handler.onPing(session, ping.data());
                case ProtocolEvent.PongReceived pong -> handler.onPong(session, pong.data());
                case ProtocolEvent.ProtocolFailure failure ->
                        handler.onError(session, new FailConnectionException(failure.closeCode(), failure.message()));
                case ProtocolEvent.HandshakeFailed failed ->
                        handler.onError(session, new dev.weft.codec.handshake.HandshakeException(failed.status(), failed.message()));
                case ProtocolEvent.Closed closed -> handler.onClose(session, closed.code(), closed.reason());
            }
        } catch (RuntimeException | Error e) {
            try {
                if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                    // The default onError does nothing: without this line an application's bug is silent.
                    LOG.log(System.Logger.Level.WARNING, "the WebSocket handler failed on " + event.getClass().getSimpleName()
                            + " for " + describe(session) + (event instanceof ProtocolEvent.Closed ? "" : "; closing with 1011"), e);
                }
            } catch (Throwable lost) {
                // The log's own failure must not stop this connection from closing.
            }
            if (event instanceof ProtocolEvent.Closed) {
                return; // nothing left to close; the handler's error has nowhere to go
            }
            try {
                handler.onError(session, e);
            } catch (RuntimeException | Error ignored) {
                // A handler failing in onError too must not stop the connection from closing.
            }
            session.close(CloseCode.INTERNAL_ERROR, "internal error");
        }
    }
}
