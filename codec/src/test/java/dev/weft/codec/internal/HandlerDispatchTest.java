package dev.weft.codec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolEvent;
import dev.weft.codec.frame.FailConnectionException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Engine events become handler calls the same way on every transport. */
class HandlerDispatchTest {

    /** A session that writes down what the dispatcher asks of it. */
    static class RecordingSession implements WebSocketSession {
        final List<String> calls = new ArrayList<>();

        private CompletionStage<Void> note(String call) {
            calls.add(call);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> sendText(CharSequence text) {
            return note("sendText " + text);
        }

        @Override
        public CompletionStage<Void> sendBinary(ByteBuffer data) {
            return note("sendBinary");
        }

        @Override
        public boolean offerBinary(ByteBuffer data) {
            note("offerBinary");
            return true;
        }

        @Override
        public CompletionStage<Void> sendFragment(boolean text, ByteBuffer data, boolean last) {
            return note("sendFragment");
        }

        @Override
        public CompletionStage<Void> ping(ByteBuffer data) {
            return note("ping");
        }

        @Override
        public CompletionStage<Void> pong(ByteBuffer data) {
            return note("pong");
        }

        @Override
        public CompletionStage<Void> close(int code, String reason) {
            return note("close " + code + " " + reason);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public String subprotocol() {
            return null;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("localhost", 1);
        }
    }

    @Test
    void eachEventReachesItsHandlerMethod() {
        List<String> seen = new ArrayList<>();
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public void onOpen(WebSocketSession s) {
                seen.add("open");
            }

            @Override
            public void onText(WebSocketSession s, String text) {
                seen.add("text " + text);
                s.sendText(text);
            }

            @Override
            public void onBinary(WebSocketSession s, ByteBuffer data) {
                seen.add("binary " + data.remaining());
            }

            @Override
            public void onFragment(WebSocketSession s, boolean text, ByteBuffer data, boolean last) {
                seen.add("fragment " + text + " " + last);
            }

            @Override
            public void onPing(WebSocketSession s, ByteBuffer data) {
                seen.add("ping");
            }

            @Override
            public void onPong(WebSocketSession s, ByteBuffer data) {
                seen.add("pong");
            }

            @Override
            public void onError(WebSocketSession s, Throwable error) {
                seen.add("error " + ((FailConnectionException) error).closeCode());
            }

            @Override
            public void onClose(WebSocketSession s, int code, String reason) {
                seen.add("close " + code);
            }
        };
        RecordingSession session = new RecordingSession();
        for (ProtocolEvent e : List.of(new ProtocolEvent.Opened(null, List.of()), new ProtocolEvent.TextReceived("hi"),
                new ProtocolEvent.BinaryReceived(ByteBuffer.allocate(3)), new ProtocolEvent.FragmentReceived(true, ByteBuffer.allocate(1), true),
                new ProtocolEvent.PingReceived(ByteBuffer.allocate(0)), new ProtocolEvent.PongReceived(ByteBuffer.allocate(0)),
                new ProtocolEvent.ProtocolFailure(1007, "bad"), new ProtocolEvent.Closed(1007, "bad", false))) {
            HandlerDispatch.dispatch(e, handler, session);
        }
        assertEquals(List.of("open", "text hi", "binary 3", "fragment true true", "ping", "pong", "error 1007", "close 1007"), seen);
        assertEquals(List.of("sendText hi"), session.calls);
    }

    @Test
    void aHandlerThatThrowsGetsOnErrorAndTheConnectionCloses1011() {
        List<Throwable> errors = new ArrayList<>();
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession s, String text) {
                throw new IllegalStateException("application bug");
            }

            @Override
            public void onError(WebSocketSession s, Throwable error) {
                errors.add(error);
            }
        };
        RecordingSession session = new RecordingSession();
        HandlerDispatch.dispatch(new ProtocolEvent.TextReceived("boom"), handler, session);
        assertEquals("application bug", errors.get(0).getMessage());
        assertEquals(List.of("close 1011 internal error"), session.calls);
    }
}
