package dev.weft.codec.observe;

import java.time.Duration;
import java.util.List;

/** Several listeners as one: each call goes to each, in order, and one that throws does not stop the rest. */
final class Fanout implements MetricsListener {
    private static final System.Logger LOG = System.getLogger("dev.weft.observe");
    private final List<MetricsListener> listeners;

    Fanout(List<MetricsListener> listeners) {
        this.listeners = listeners;
    }

    private interface Call {
        void on(MetricsListener l);
    }

    private void each(Call call) {
        for (MetricsListener l : listeners) {
            try {
                call.on(l);
            } catch (RuntimeException e) {
                try {
                    LOG.log(System.Logger.Level.WARNING, "a metrics listener failed", e);
                } catch (Throwable lost) {
                    // a lost log line costs less than a lost connection
                }
            }
        }
    }

    @Override
    public void connectionOpened(String peer, String path, String subprotocol) {
        each(l -> l.connectionOpened(peer, path, subprotocol));
    }

    @Override
    public void connectionClosed(Session session) {
        each(l -> l.connectionClosed(session));
    }

    @Override
    public void handshakeRejected(String peer, String path, int status, String reason) {
        each(l -> l.handshakeRejected(peer, path, status, reason));
    }

    @Override
    public void httpExchange(Exchange exchange) {
        each(l -> l.httpExchange(exchange));
    }

    @Override
    public void messageReceived(long bytes) {
        each(l -> l.messageReceived(bytes));
    }

    @Override
    public void messageSent(long bytes) {
        each(l -> l.messageSent(bytes));
    }

    @Override
    public void bytesReceived(long bytes) {
        each(l -> l.bytesReceived(bytes));
    }

    @Override
    public void bytesSent(long bytes) {
        each(l -> l.bytesSent(bytes));
    }

    @Override
    public void queueStalled(long queuedBytes) {
        each(l -> l.queueStalled(queuedBytes));
    }

    @Override
    public void queueResumed(Duration stalledFor) {
        each(l -> l.queueResumed(stalledFor));
    }
}
