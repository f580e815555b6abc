package dev.weft.client;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.FailConnectionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A connection used in blocking style: each call waits for its outcome, which costs nothing on a
 * virtual thread. Incoming messages queue up (without bound: the caller is expected to keep
 * receiving) until {@link #receive(Duration)} takes them.
 */
public final class BlockingWebSocket implements AutoCloseable {

    /** What {@link #receive(Duration)} returns. */
    public sealed interface Message {
        /**
         * A text message.
         *
         * @param text the message
         */
        record Text(String text) implements Message {
        }

        /**
         * A binary message.
         *
         * @param data the message, owned by the receiver
         */
        record Binary(ByteBuffer data) implements Message {
        }

        /**
         * The connection closed; nothing follows.
         *
         * @param code   the close code
         * @param reason the close reason
         */
        record Closed(int code, String reason) implements Message {
        }
    }

    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private volatile WebSocketSession session;
    private volatile Message.Closed closed;
    /** The server's protocol violation for which this end failed the connection, if any. */
    private volatile FailConnectionException violation;

    BlockingWebSocket() {
    }

    void attach(WebSocketSession session) {
        this.session = session;
    }

    WebSocketHandler handler() {
        return new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession s, String text) {
                inbox.add(new Message.Text(text));
            }

            @Override
            public void onBinary(WebSocketSession s, ByteBuffer data) {
                // Lent for this call only; the inbox is read later, on another thread.
                ByteBuffer copy = ByteBuffer.allocate(data.remaining());
                inbox.add(new Message.Binary(copy.put(data).flip()));
            }

            @Override
            public void onError(WebSocketSession s, Throwable error) {
                if (error instanceof FailConnectionException e) {
                    violation = e;
                }
            }

            @Override
            public void onClose(WebSocketSession s, int code, String reason) {
                Message.Closed c = new Message.Closed(code, reason);
                closed = c;
                inbox.add(c);
            }
        };
    }

    /**
     * Sends a text message and waits until it is written.
     *
     * @param text the message
     * @throws IOException if it cannot be sent, for example because the connection closed
     */
    public void send(String text) throws IOException {
        try {
            WebSocketSession.await(session.sendText(text));
        } catch (RuntimeException e) {
            throw new IOException("cannot send: " + e.getMessage(), e);
        }
    }

    /**
     * Sends a binary message and waits until it is written.
     *
     * @param data the message
     * @throws IOException if it cannot be sent
     */
    public void send(ByteBuffer data) throws IOException {
        try {
            WebSocketSession.await(session.sendBinary(data));
        } catch (RuntimeException e) {
            throw new IOException("cannot send: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the next message.
     *
     * @param timeout how long to wait
     * @return the message, or {@link Message.Closed} once the connection has closed (again on every
     *         later call)
     * @throws TimeoutException     if nothing arrived in time
     * @throws InterruptedException if the thread was interrupted
     */
    public Message receive(Duration timeout) throws TimeoutException, InterruptedException {
        Message m = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (m == null) {
            Message.Closed c = closed;
            if (c != null) {
                return c;
            }
            throw new TimeoutException("no message within " + timeout.toMillis() + " ms");
        }
        return m;
    }

    /**
     * Waits until the connection has closed, skipping any messages still queued.
     *
     * @param timeout how long to wait
     * @return how it closed, or {@code null} if it is still open after {@code timeout}
     * @throws InterruptedException if the thread was interrupted
     */
    public Message.Closed awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closed == null && System.nanoTime() < deadline) {
            inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return closed;
    }

    /**
     * Returns what the server did wrong when this end failed the connection (§7.1.7): then the
     * {@link Message.Closed} code is the one this client sent, not one the server chose.
     *
     * @return the violation, or {@code null} if this end did not fail the connection
     */
    public FailConnectionException protocolViolation() {
        return violation;
    }

    /**
     * Returns the negotiated subprotocol.
     *
     * @return the subprotocol, or {@code null}
     */
    public String subprotocol() {
        return session.subprotocol();
    }

    /**
     * Closes with the given code and waits for the closing handshake to finish.
     *
     * @param code    the close code
     * @param reason  the reason
     * @param timeout how long to wait for the server's close frame
     * @return the close as the connection ended
     * @throws InterruptedException if the thread was interrupted
     */
    public Message.Closed close(int code, String reason, Duration timeout) throws InterruptedException {
        session.close(code, reason);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closed == null && System.nanoTime() < deadline) {
            Message m = inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m instanceof Message.Closed c) {
                return c;
            }
        }
        return closed;
    }

    /** Closes with 1000 and waits up to 5 seconds for the server's answer. */
    @Override
    public void close() {
        try {
            close(1000, "", Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
