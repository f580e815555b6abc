package dev.weft.codec.engine;

import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.observe.ConnectionClosed;
import dev.weft.codec.observe.ConnectionOpened;
import dev.weft.codec.observe.HandshakeRejected;
import dev.weft.codec.observe.HttpExchange;
import dev.weft.codec.observe.MessageSize;
import dev.weft.codec.observe.MetricsListener;
import dev.weft.codec.observe.SendQueueStall;
import dev.weft.codec.observe.WeftEvents;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What one connection tells the outside: its JFR events, its application's metrics listener and
 * the warnings a user must act on. The engine calls it at each turn of the protocol, so every
 * transport reports the same things without code of its own.
 *
 * <p>The one place in the codec that reads a clock, and only to say how long things took: no
 * protocol decision depends on it. A listener that throws is logged and ignored; nothing here
 * may throw into the engine.
 */
final class Observer {

    private static final System.Logger LOG = System.getLogger("dev.weft.codec");

    /**
     * Asked whether message-size events are wanted, so that none is made per message unless a
     * recording takes them: once JFR has started in a JVM it stays initialized, and making an
     * event per message then would cost every message an allocation long after the recording
     * ended. JFR instruments the class when it starts, and this instance then answers for the type.
     */
    private static final MessageSize MESSAGE_SIZE = new MessageSize();

    private MetricsListener listener;
    /**
     * The peer's address, or {@code null} while unknown. Kept as the transport's own address
     * object and put into words only when an event or a log line needs it: an idle connection
     * should not carry a string that nothing reads.
     */
    private InetSocketAddress remote;
    private final String role;
    private String path;
    private String subprotocol;
    private long openedAt;
    private long stalledAt = -1;
    private long stalledBytes;
    private long requestAt;

    Observer(MetricsListener listener, InetSocketAddress remote, String role) {
        this.listener = listener;
        this.remote = remote;
        this.role = role;
    }

    /** An observer that knows nothing of its peer: until a transport says who it is. */
    static Observer unnamed(String role) {
        return new Observer(MetricsListener.NONE, null, role);
    }

    static String describe(InetSocketAddress remote) {
        if (remote == null) {
            return "?";
        }
        String host = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + remote.getPort();
    }

    /** Names the peer and the listener, once, before the first byte: no second object per connection. */
    void name(MetricsListener listener, InetSocketAddress remote) {
        this.listener = listener;
        this.remote = remote;
    }

    /** The peer as events and logs name it: {@code host:port}, or {@code ?} if unknown. */
    String peer() {
        return describe(remote);
    }

    String path() {
        return path;
    }

    void requestStarted(HttpRequest request) {
        requestAt = System.nanoTime();
        path = request.path();
    }

    void opened(String path, String subprotocol) {
        this.path = path;
        this.subprotocol = subprotocol;
        openedAt = System.nanoTime();
        ConnectionOpened e = WeftEvents.recording() ? new ConnectionOpened() : null;
        if (e != null && e.shouldCommit()) {
            e.peer = peer();
            e.path = path;
            e.subprotocol = subprotocol;
            e.role = role;
            e.commit();
        }
        if (listener == MetricsListener.NONE) {
            return; // nobody to tell: no need to put the peer into words
        }
        try {
            listener.connectionOpened(peer(), path, subprotocol);
        } catch (RuntimeException x) {
            listenerFailed(x);
        }
    }

    void closed(int code, String reason, boolean byPeer) {
        long now = System.nanoTime();
        resumed(now);
        long openFor = now - openedAt;
        ConnectionClosed e = WeftEvents.recording() ? new ConnectionClosed() : null;
        if (e != null && e.shouldCommit()) {
            e.peer = peer();
            e.path = path;
            e.closeCode = code;
            e.reason = reason;
            e.closedBy = byPeer ? "peer" : "local";
            e.openFor = openFor;
            e.commit();
        }
        if (listener == MetricsListener.NONE) {
            return;
        }
        try {
            listener.connectionClosed(new MetricsListener.Session(peer(), path, subprotocol, code, reason, byPeer,
                    Duration.ofNanos(openFor)));
        } catch (RuntimeException x) {
            listenerFailed(x);
        }
    }

    void handshakeRejected(String path, int status, String reason) {
        HandshakeRejected e = WeftEvents.recording() ? new HandshakeRejected() : null;
        if (e != null && e.shouldCommit()) {
            e.peer = peer();
            e.path = path;
            e.status = status;
            e.reason = reason;
            e.commit();
        }
        try {
            listener.handshakeRejected(peer(), path, status, reason);
        } catch (RuntimeException x) {
            listenerFailed(x);
        }
    }

    void answered(HttpRequest request, int status, long bytes) {
        long took = System.nanoTime() - requestAt;
        HttpExchange e = WeftEvents.recording() ? new HttpExchange() : null;
        if (e != null && e.shouldCommit()) {
            e.peer = peer();
            e.method = request.method();
            e.target = request.target();
            e.status = status;
            e.bytes = bytes;
            e.responseTime = took;
            e.commit();
        }
        try {
            listener.httpExchange(new MetricsListener.Exchange(peer(), request.method(), request.target(), status, bytes,
                    Duration.ofNanos(took)));
        } catch (RuntimeException x) {
            listenerFailed(x);
        }
    }

    void routerFailed(HttpRequest request, Throwable error) {
        try {
            if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                LOG.log(System.Logger.Level.WARNING, "the request router failed on " + request.method() + " "
                        + request.target() + " from " + peer() + "; answered 500", error);
            }
        } catch (Throwable lost) {
            // a lost log line costs less than a connection that cannot answer
        }
    }

    void received(boolean text, long size) {
        MessageSize e = MESSAGE_SIZE.isEnabled() ? new MessageSize() : null;
        if (e != null && e.shouldCommit()) {
            e.peer = peer();
            e.direction = "received";
            e.type = text ? "text" : "binary";
            e.size = size;
            e.commit();
        }
        try {
            listener.messageReceived(size);
        } catch (RuntimeException x) {
            listenerFailed(x);
        }
    }

    /** A text message arrived: its UTF-8 size is worked out only if someone counts it. */
    void receivedText(String text) {
        if (listener != MetricsListener.NONE || MESSAGE_SIZE.isEnabled()) {
            received(true, utf8Length(text));
        }
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    void sent(boolean text, long size) {
        MessageSize e = MESSAGE_SIZE.isEnabled() ? new MessageSize() : null;
        if (e != null && e.shouldCommit()) {
            e.peer = peer();
            e.direction = "sent";
            e.type = text ? "text" : "binary";
            e.size = size;
            e.commit();
        }
        try {
            listener.messageSent(size);
        } catch (RuntimeException x) {
            listenerFailed(x);
        }
    }

    void bytesReceived(long n) {
        try {
            listener.bytesReceived(n);
        } catch (RuntimeException x) {
            listenerFailed(x);
        }
    }

    void bytesSent(long n) {
        try {
            listener.bytesSent(n);
        } catch (RuntimeException x) {
            listenerFailed(x);
        }
    }

    void stalled(long queued) {
        if (stalledAt >= 0) {
            return;
        }
        stalledAt = System.nanoTime();
        stalledBytes = queued;
        try {
            listener.queueStalled(queued);
        } catch (RuntimeException x) {
            listenerFailed(x);
        }
    }

    void resumed() {
        if (stalledAt >= 0) {
            resumed(System.nanoTime());
        }
    }

    private void resumed(long now) {
        if (stalledAt < 0) {
            return;
        }
        long stalledFor = now - stalledAt;
        stalledAt = -1;
        SendQueueStall e = WeftEvents.recording() ? new SendQueueStall() : null;
        if (e != null && e.shouldCommit()) {
            e.peer = peer();
            e.path = path;
            e.queuedBytes = stalledBytes;
            e.stalledFor = stalledFor;
            e.commit();
        }
        try {
            listener.queueResumed(Duration.ofNanos(stalledFor));
        } catch (RuntimeException x) {
            listenerFailed(x);
        }
    }

    private static void listenerFailed(RuntimeException e) {
        try {
            if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                LOG.log(System.Logger.Level.WARNING, "a metrics listener threw; ignored", e);
            }
        } catch (Throwable lost) {
            // nothing here may throw into the engine
        }
    }
}
