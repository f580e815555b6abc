package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler that records every call it gets, in order, for a test to wait on, and checks the
 * transport's promise that calls for one connection come one at a time, in order, and stop at
 * {@code onClose}.
 *
 * <p>With {@code echo} on it is also the kit's echo server: it sends back each text, binary
 * message and fragment as it came, and a text of the form {@code close <code> <reason>} makes it
 * start the closing handshake instead.
 */
public class Recorder implements WebSocketHandler {

    /** What a handler was told. */
    public enum Kind {
        /** {@code onOpen}. */
        OPEN,
        /** {@code onText}. */
        TEXT,
        /** {@code onBinary}. */
        BINARY,
        /** {@code onFragment}. */
        FRAGMENT,
        /** {@code onPing}. */
        PING,
        /** {@code onPong}. */
        PONG,
        /** {@code onError}. */
        ERROR,
        /** {@code onClose}. */
        CLOSE
    }

    /**
     * One handler call.
     *
     * @param kind   which method
     * @param text   the text, the close reason, or the error's message
     * @param data   the bytes of a binary message, fragment, ping or pong
     * @param last   whether a fragment was the last
     * @param code   the close code
     * @param thread the name of the thread the call came on
     */
    public record Event(Kind kind, String text, byte[] data, boolean last, int code, String thread) {
        @Override
        public String toString() {
            return kind + (text != null ? " '" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'" : "")
                    + (data != null ? " " + data.length + " bytes" : "") + (kind == Kind.CLOSE ? " " + code : "");
        }
    }

    private final boolean echo;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile String violation;
    private volatile boolean closed;
    /** Completes with the session at {@code onOpen}. */
    public final CompletableFuture<WebSocketSession> opened = new CompletableFuture<>();
    /** Completes with the {@code onClose} event. */
    public final CompletableFuture<Event> closedEvent = new CompletableFuture<>();

    /** Creates a recorder that does not answer. */
    public Recorder() {
        this(false);
    }

    /** @param echo whether to echo what arrives */
    public Recorder(boolean echo) {
        this.echo = echo;
    }

    /** Records a call and runs its action, checking that no other call of this handler runs meanwhile. */
    private void call(Kind kind, String text, byte[] data, boolean last, int code, Runnable action) {
        if (inside.incrementAndGet() != 1) {
            violation = "two handler calls at once (" + kind + " overlapped another)";
        }
        try {
            if (closed) {
                violation = kind + " after onClose";
            }
            events.add(new Event(kind, text, data, last, code, Thread.currentThread().getName()));
            action.run();
            Thread.yield(); // widen the window in which an overlapping call would be seen
        } finally {
            inside.decrementAndGet();
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Override
    public void onOpen(WebSocketSession session) {
        call(Kind.OPEN, null, null, false, 0, () -> opened.complete(session));
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        call(Kind.TEXT, text, null, false, 0, () -> {
            if (!echo) {
                return;
            }
            if (text.startsWith("close ")) {
                String[] parts = text.split(" ", 3);
                session.close(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "");
            } else {
                session.sendText(text);
            }
        });
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        call(Kind.BINARY, null, bytes(data), false, 0, () -> {
            if (echo) {
                session.sendBinary(data);
            }
        });
    }

    @Override
    public void onFragment(WebSocketSession session, boolean text, ByteBuffer data, boolean last) {
        call(Kind.FRAGMENT, text ? "text" : null, bytes(data), last, 0, () -> {
            if (echo) {
                session.sendFragment(text, data, last);
            }
        });
    }

    @Override
    public void onPing(WebSocketSession session, ByteBuffer data) {
        call(Kind.PING, null, bytes(data), false, 0, () -> { });
    }

    @Override
    public void onPong(WebSocketSession session, ByteBuffer data) {
        call(Kind.PONG, null, bytes(data), false, 0, () -> { });
    }

    @Override
    public void onError(WebSocketSession session, Throwable error) {
        call(Kind.ERROR, String.valueOf(error.getMessage()), null, false, 0, () -> { });
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        call(Kind.CLOSE, reason, null, false, code, () -> {
            closed = true;
            closedEvent.complete(new Event(Kind.CLOSE, reason, null, false, code, Thread.currentThread().getName()));
        });
    }

    // ---------------------------------------------------------------- for tests

    /** Returns the next call, waiting up to the kit's limit; fails if none comes. */
    public Event next() {
        try {
            Event e = events.poll(TransportKit.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                fail("no handler call within " + TransportKit.WAIT.toMillis() + " ms");
            }
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Returns the next call, which must be of {@code kind}; {@code onOpen}, pings and pongs before
     * it are skipped unless asked for.
     */
    public Event next(Kind kind) {
        while (true) {
            Event e = next();
            if (e.kind() == kind) {
                return e;
            }
            if (e.kind() != Kind.PING && e.kind() != Kind.PONG && e.kind() != Kind.OPEN) {
                fail("expected " + kind + ", got " + e);
            }
        }
    }

    /** Expects a text message and returns it. */
    public String nextText() {
        return next(Kind.TEXT).text();
    }

    /** Expects a binary message and returns its bytes. */
    public byte[] nextBinary() {
        return next(Kind.BINARY).data();
    }

    /** Expects {@code onClose} with this code and reason. */
    public void expectClose(int code, String reason) {
        Event e = next(Kind.CLOSE);
        assertEquals(code, e.code(), "close code seen by the handler");
        if (reason != null) {
            assertEquals(reason, e.text(), "close reason seen by the handler");
        }
    }

    /** Skips everything up to {@code onClose}, which must carry {@code code}. */
    public void expectCloseAfterOpen(int code) {
        while (true) {
            Event e = next();
            if (e.kind() == Kind.CLOSE) {
                assertEquals(code, e.code(), "close code seen by the handler");
                return;
            }
        }
    }

    /** Expects a binary message equal to {@code expected}. */
    public void expectBinary(byte[] expected) {
        assertArrayEquals(expected, nextBinary(), "binary message");
    }

    /** Returns whatever calls have been recorded and not yet taken, without waiting. */
    public List<Event> drain() {
        List<Event> rest = new ArrayList<>();
        events.drainTo(rest);
        return rest;
    }

    /** Whether any call has been recorded and not yet taken. */
    public boolean hasPending() {
        return !events.isEmpty();
    }

    /** Fails if calls overlapped or came after {@code onClose}. */
    public void assertSerial() {
        assertNull(violation, "handler calls must come one at a time, in order, none after onClose");
    }

    /** Returns whether {@code onClose} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /** Encodes text as UTF-8, for comparing with fragments. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
