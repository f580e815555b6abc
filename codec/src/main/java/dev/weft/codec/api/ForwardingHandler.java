package dev.weft.codec.api;

import java.nio.ByteBuffer;

/**
 * A handler that passes every call on to another one: the base for handlers that add something
 * (logging, keep-alive pings, a choice made at open time) around an application's handler.
 * Subclasses override what they add to and call {@code super} to pass the call on.
 */
public abstract class ForwardingHandler implements WebSocketHandler {

    /** Creates the handler. */
    protected ForwardingHandler() {
    }

    /**
     * Returns the handler calls go on to. Called once per call, so it may change over a
     * connection's life (for example, once the subprotocol is known).
     *
     * @return the handler to forward to
     */
    protected abstract WebSocketHandler delegate();

    @Override
    public void onOpen(WebSocketSession session) {
        delegate().onOpen(session);
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        delegate().onText(session, text);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        delegate().onBinary(session, data);
    }

    @Override
    public void onFragment(WebSocketSession session, boolean text, ByteBuffer data, boolean last) {
        delegate().onFragment(session, text, data, last);
    }

    @Override
    public void onPing(WebSocketSession session, ByteBuffer data) {
        delegate().onPing(session, data);
    }

    @Override
    public void onPong(WebSocketSession session, ByteBuffer data) {
        delegate().onPong(session, data);
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        delegate().onClose(session, code, reason);
    }

    @Override
    public void onError(WebSocketSession session, Throwable error) {
        delegate().onError(session, error);
    }
}
