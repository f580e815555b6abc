package dev.weft.transport.nio;

import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ConnectionState;
import dev.weft.codec.internal.WellFormedText;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/** A connection as the application sees it: every call hops to the connection's event loop. */
final class NioSession implements WebSocketSession {
    private final NioChannel channel;

    NioSession(NioChannel channel) {
        this.channel = channel;
    }

    @Override
    public CompletionStage<Void> sendText(CharSequence text) {
        String copy = text.toString(); // the caller may change a StringBuilder after this returns
        WellFormedText.require(copy); // here, on the caller's thread: the send itself may run on the loop
        return channel.submit(copy.length(), p -> p.sendText(copy));
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
        return channel.submit(data.remaining(), data, (p, d) -> p.sendBinary(d));
    }

    @Override
    public boolean offerBinary(ByteBuffer data) {
        return channel.offerBinary(data);
    }

    @Override
    public CompletionStage<Void> sendFragment(boolean text, ByteBuffer data, boolean last) {
        return channel.submit(data.remaining(), data, (p, d) -> p.sendFragment(text, d, last));
    }

    @Override
    public CompletionStage<Void> ping(ByteBuffer data) {
        return channel.submit(0, data, (p, d) -> p.ping(d));
    }

    @Override
    public CompletionStage<Void> pong(ByteBuffer data) {
        return channel.submit(0, data, (p, d) -> p.pong(d));
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        return channel.submit(0, p -> p.close(code, reason));
    }

    @Override
    public boolean isOpen() {
        return channel.state == ConnectionState.OPEN;
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public String subprotocol() {
        return channel.subprotocol;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public String path() {
        return channel.engine().path();
    }

    @Override
    public String toString() {
        return "WebSocketSession[" + channel.remoteAddress() + ", nio]";
    }
}
