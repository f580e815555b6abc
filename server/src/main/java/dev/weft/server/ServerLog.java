package dev.weft.server;

import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.observe.MetricsListener;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The server's own log, fed by the same calls as a metrics listener: refused and timed-out
 * handshakes always (rate-limited: a flood is a few lines and a count), and with
 * {@code logRequests} an access-log line per HTTP request and per WebSocket session.
 *
 * <p>Lines look like this:
 * <pre>
 * 127.0.0.1:50412 "GET /rest" 200 15 B 3 ms
 * 127.0.0.1:50418 WS /websocket (echo) 12.4 s 1000 NORMAL_CLOSURE by peer
 * 127.0.0.1:50433 refused handshake for /websocket: 403 origin "https://evil.example" is not allowed
 * 127.0.0.1:50440 handshake timed out
 * … and 993 more refused handshakes in the last 10 s
 * </pre>
 */
final class ServerLog implements MetricsListener {

    /** Refusals written per interval before the rest are only counted. */
    static final int REFUSALS_PER_INTERVAL = 5;
    /** The interval refusals are counted over. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Consumer<String> lines;
    private final boolean accessLog;
    private final RateLimitedLog refusals;

    ServerLog(Consumer<String> lines, boolean accessLog, Duration interval) {
        this.lines = lines;
        this.accessLog = accessLog;
        this.refusals = new RateLimitedLog(REFUSALS_PER_INTERVAL, interval, System::nanoTime, "refused handshakes", lines);
    }

    /** Writes the summary of refusals held back, once their interval is over; called by the server's timer. */
    void flush() {
        refusals.flush();
    }

    @Override
    public void handshakeRejected(String peer, String path, int status, String reason) {
        refusals.log(status == 0 ? peer + " handshake timed out" + (path == null ? "" : " on " + path)
                : peer + " refused " + (path == null ? "request" : "handshake for " + path) + ": " + status + " " + reason);
    }

    @Override
    public void httpExchange(Exchange e) {
        if (accessLog) {
            lines.accept(e.peer() + " \"" + e.method() + " " + e.target() + "\" " + e.status() + " " + e.bytes() + " B "
                    + millis(e.duration()));
        }
    }

    @Override
    public void connectionClosed(Session s) {
        if (accessLog) {
            lines.accept(s.peer() + " WS " + s.path() + (s.subprotocol() == null ? "" : " (" + s.subprotocol() + ")") + " "
                    + seconds(s.duration()) + " " + s.closeCode() + " " + CloseCode.name(s.closeCode())
                    + (s.closedByPeer() ? " by peer" : " by server"));
        }
    }

    private static String millis(Duration d) {
        long micros = d.toNanos() / 1000;
        return micros < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f ms", micros / 1000.0)
                : (micros / 1000) + " ms";
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
