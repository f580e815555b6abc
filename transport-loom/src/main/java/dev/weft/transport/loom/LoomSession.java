package dev.weft.transport.loom;

import dev.weft.codec.api.WebSocketSession;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/** The application's view of a {@link LoomConnection}; safe to use from any thread. */
final class LoomSession implements WebSocketSession {

    private final LoomConnection connection;

    LoomSession(LoomConnection connection) {
        this.connection = connection;
    }

    @Override
    public CompletionStage<Void> sendText(CharSequence text) {
        return connection.send(p -> p.sendText(text));
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
        return connection.send(p -> p.sendBinary(data));
    }

    @Override
    public boolean offerBinary(ByteBuffer data) {
        return connection.offerBinary(data);
    }

    @Override
    public CompletionStage<Void> sendFragment(boolean text, ByteBuffer data, boolean last) {
        return connection.send(p -> p.sendFragment(text, data, last));
    }

    @Override
    public CompletionStage<Void> ping(ByteBuffer data) {
        return connection.send(p -> p.ping(data));
    }

    @Override
    public CompletionStage<Void> pong(ByteBuffer data) {
        return connection.send(p -> p.pong(data));
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        return connection.send(p -> p.close(code, reason));
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    @Override
    public String subprotocol() {
        return connection.subprotocol();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public String path() {
        return connection.path();
    }

    @Override
    public String toString() {
        return "loom session with " + connection.remoteAddress();
    }
}
