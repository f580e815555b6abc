package dev.weft.server;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * A named subprotocol that a WebSocket endpoint speaks (RFC 6455 §1.9), with a factory for the
 * handler of each connection that chooses it.
 *
 * <p>A connection gets a fresh handler, so a handler may keep per-connection state in fields.
 * The three protocols of the tutorials are built in: {@link #echo()}, {@link #reverse()} and
 * {@link #dumbIncrement()}.
 *
 * @param name     the name the client offers in {@code Sec-WebSocket-Protocol}; an HTTP token
 * @param handlers makes the handler for each new connection
 */
public record Subprotocol(String name, HandlerFactory handlers) {

    /** The period at which {@link #dumbIncrement()} pushes its counter: 50 ms, as in libwebsockets. */
    public static final Duration DUMB_INCREMENT_PERIOD = Duration.ofMillis(50);

    /**
     * Makes the handler of one connection.
     */
    @FunctionalInterface
    public interface HandlerFactory {
        /**
         * Makes a handler for a new connection.
         *
         * @param timer the server's scheduler, for handlers that push on their own; a task must
         *              not block it, and must be cancelled when its connection closes
         * @return a handler used by this connection only
         */
        WebSocketHandler newHandler(ScheduledExecutorService timer);
    }

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if {@code name} is not an HTTP token
     */
    public Subprotocol {
        if (!HttpHeaders.isToken(name)) {
            throw new IllegalArgumentException("subprotocol name is not a token: " + name);
        }
        Objects.requireNonNull(handlers, "handlers");
    }

    /**
     * Returns a subprotocol whose handlers need no timer.
     *
     * @param name     the subprotocol's name
     * @param handlers makes a handler per connection
     * @return the subprotocol
     */
    public static Subprotocol of(String name, Supplier<? extends WebSocketHandler> handlers) {
        Objects.requireNonNull(handlers, "handlers");
        return new Subprotocol(name, timer -> handlers.get());
    }

    /**
     * Returns {@code echo}: every message is sent back as it came, text as text and binary as
     * binary.
     *
     * @return the echo protocol
     */
    public static Subprotocol echo() {
        return of("echo", EchoHandler::new);
    }

    /**
     * Returns {@code reverse}: each text message is answered with its characters in reverse order,
     * keeping every user-perceived character (a base with its combining marks, a surrogate pair)
     * whole, so the answer is valid UTF-8; binary messages are reversed byte by byte.
     *
     * @return the reverse protocol
     */
    public static Subprotocol reverse() {
        return of("reverse", ReverseHandler::new);
    }

    /**
     * Returns {@code dumb-increment-protocol}, as in the libwebsockets test server: the server
     * pushes a counter as text every 50 ms, and the message {@code reset\n} sets it back to 0.
     *
     * @return the dumb-increment protocol
     */
    public static Subprotocol dumbIncrement() {
        return dumbIncrement(DUMB_INCREMENT_PERIOD);
    }

    /**
     * Returns {@code dumb-increment-protocol} with another period.
     *
     * @param period how often the counter is pushed
     * @return the dumb-increment protocol
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public static Subprotocol dumbIncrement(Duration period) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return new Subprotocol("dumb-increment-protocol", timer -> new DumbIncrementHandler(timer, period));
    }
}
