package dev.weft.server;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The libwebsockets {@code dumb-increment-protocol}: a counter pushed as text at a fixed period;
 * {@code reset\n} sets it back to 0.
 *
 * <p>The ticks run on the server's timer, never on the connection's own thread, so an event loop
 * is not held up; the counter is shared between the two, hence atomic. A tick that finds the
 * connection not writable (the client reads too slowly) is skipped rather than queued.
 */
final class DumbIncrementHandler implements WebSocketHandler {

    private final ScheduledExecutorService timer;
    private final Duration period;
    private final AtomicInteger counter = new AtomicInteger();
    private volatile ScheduledFuture<?> ticks;

    DumbIncrementHandler(ScheduledExecutorService timer, Duration period) {
        this.timer = timer;
        this.period = period;
    }

    @Override
    public void onOpen(WebSocketSession session) {
        long nanos = period.toNanos();
        ticks = timer.scheduleAtFixedRate(() -> tick(session), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void tick(WebSocketSession session) {
        if (!session.isOpen()) {
            stop();
            return;
        }
        if (session.isWritable()) {
            session.sendText(Integer.toString(counter.getAndIncrement()));
        }
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        // libwebsockets compares with "reset\n"; a bare "reset" is taken too, as typed in a text box.
        if (text.equals("reset\n") || text.equals("reset")) {
            counter.set(0);
        }
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        stop();
    }

    private void stop() {
        ScheduledFuture<?> t = ticks;
        if (t != null) {
            t.cancel(false);
        }
    }
}
