package dev.weft.client;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one logical connection alive across losses: after a drop it waits per the policy and
 * connects again, and the application's handler sees each new session's {@code onOpen}. A close
 * the application asked for ends it.
 */
final class Reconnector implements WebSocketHandler {
    private final WeftClient client;
    private final URI uri;
    private final WebSocketHandler handler;
    private final ReconnectPolicy policy;
    private final ReconnectListener listener;
    private final CompletableFuture<WebSocketSession> first = new CompletableFuture<>();
    private int attempt;
    private volatile boolean closedByApplication;

    Reconnector(WeftClient client, URI uri, WebSocketHandler handler, ReconnectPolicy policy, ReconnectListener listener) {
        this.client = client;
        this.uri = uri;
        this.handler = handler;
        this.policy = policy;
        this.listener = listener;
    }

    CompletableFuture<WebSocketSession> start() {
        connect();
        return first;
    }

    private void connect() {
        client.connectOnce(uri, this).whenComplete((session, failure) -> {
            if (failure != null) {
                retry(ClientErrors.unwrap(failure));
            }
        });
    }

    private synchronized void retry(Throwable cause) {
        if (closedByApplication || client.isClosed()) {
            return;
        }
        attempt++;
        if (attempt > policy.maxAttempts()) {
            listener.onGiveUp(cause);
            first.completeExceptionally(cause);
            return;
        }
        Duration delay = policy.delayBefore(attempt);
        listener.onReconnecting(attempt, delay, cause);
        client.scheduler().schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(WebSocketSession session) {
        synchronized (this) {
            attempt = 0;
        }
        WebSocketSession s = new Tracked(session);
        handler.onOpen(s);
        first.complete(s);
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        handler.onText(new Tracked(session), text);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        handler.onBinary(new Tracked(session), data);
    }

    @Override
    public void onFragment(WebSocketSession session, boolean text, ByteBuffer data, boolean last) {
        handler.onFragment(new Tracked(session), text, data, last);
    }

    @Override
    public void onPing(WebSocketSession session, ByteBuffer data) {
        handler.onPing(new Tracked(session), data);
    }

    @Override
    public void onPong(WebSocketSession session, ByteBuffer data) {
        handler.onPong(new Tracked(session), data);
    }

    @Override
    public void onError(WebSocketSession session, Throwable error) {
        handler.onError(new Tracked(session), error);
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        handler.onClose(new Tracked(session), code, reason);
        retry(new IOException("the connection closed with " + code + (reason.isEmpty() ? "" : " (" + reason + ")")));
    }

    /** The session as the application sees it: a close through it means "do not reconnect". */
    private final class Tracked implements WebSocketSession {
        private final WebSocketSession session;

        Tracked(WebSocketSession session) {
            this.session = session;
        }

        @Override
        public CompletionStage<Void> sendText(CharSequence text) {
            return session.sendText(text);
        }

        @Override
        public CompletionStage<Void> sendBinary(ByteBuffer data) {
            return session.sendBinary(data);
        }

        @Override
        public boolean offerBinary(ByteBuffer data) {
            return session.offerBinary(data);
        }

        @Override
        public CompletionStage<Void> sendFragment(boolean text, ByteBuffer data, boolean last) {
            return session.sendFragment(text, data, last);
        }

        @Override
        public CompletionStage<Void> ping(ByteBuffer data) {
            return session.ping(data);
        }

        @Override
        public CompletionStage<Void> pong(ByteBuffer data) {
            return session.pong(data);
        }

        @Override
        public CompletionStage<Void> close(int code, String reason) {
            closedByApplication = true;
            return session.close(code, reason);
        }

        @Override
        public boolean isOpen() {
            return session.isOpen();
        }

        @Override
        public boolean isWritable() {
            return session.isWritable();
        }

        @Override
        public String subprotocol() {
            return session.subprotocol();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return session.remoteAddress();
        }
    }
}
