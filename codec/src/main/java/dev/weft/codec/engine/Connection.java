package dev.weft.codec.engine;

import dev.weft.codec.engine.ProtocolEvent.HandshakeFailed;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One TCP connection's whole protocol, from the first HTTP byte to the last frame, with no I/O:
 * what a transport drives. {@link ServerConnection} and {@link ClientConnection} add the opening
 * handshake of their side in front of a {@link WebSocketProtocol}.
 *
 * <p>A transport's loop is the same for both: feed {@link #receive(ByteBuffer)} (or
 * {@link #receiveEof()}), write what {@link #pollOutput()} gives, hand {@link #nextEvent()}s to
 * the application, close TCP once everything polled is written and
 * {@link #shouldCloseTransport()} says so (at once, unwritten output and all, when
 * {@link #shouldAbortTransport()} does), and run the timers: the transport's own handshake and
 * idle timeouts, reported through {@link #handshakeTimedOut()} and {@link #idleTimedOut()}, and
 * the protocol's keepalive and close timeouts, for which it calls {@link #tick(long)} after each
 * read and at {@link #nextDeadline()}. Not thread-safe: one thread at a time.
 */
public abstract sealed class Connection permits ServerConnection, ClientConnection {

    /**
     * Events from before the WebSocket protocol starts, or {@code null} when none is queued: made
     * for the handshake and dropped once taken, so that an open connection keeps no empty queue.
     */
    private ArrayDeque<ProtocolEvent> handshakeEvents;
    /** Output from before the WebSocket protocol starts (HTTP requests and responses), or {@code null}, likewise. */
    private ArrayDeque<Outbound> handshakeOutput;
    /** The protocol once the handshake has succeeded, else {@code null}. */
    WebSocketProtocol protocol;
    /** Set when the connection must end before (or without) any WebSocket protocol. */
    boolean closeBeforeOpen;
    /** Where this connection's events, metrics and warnings go. */
    Observer observer;
    /** Where the protocol builds its frames, once there is one. */
    private OutputPool outputPool = OutputPool.unpooled();
    /** Where the protocol reports stage-less sends that failed; {@code null} to log them. */
    private SendFailures sendFailures;

    Connection(String role) {
        observer = Observer.unnamed(role);
    }

    /**
     * Names the peer and sets where this connection's metrics go. A transport calls it once, before
     * the first byte; JFR events are emitted whether it is called or not.
     *
     * @param metrics the application's listener, {@link dev.weft.codec.observe.MetricsListener#NONE} for none
     * @param peer    the other end's address, or {@code null} if unknown
     */
    public void observe(dev.weft.codec.observe.MetricsListener metrics, java.net.InetSocketAddress peer) {
        observer.name(java.util.Objects.requireNonNull(metrics, "metrics"), peer);
    }

    /**
     * Sets where the WebSocket protocol builds its outgoing frames, and where it reports stage-less
     * sends that failed after they were accepted; see {@link WebSocketProtocol#useOutput}. A
     * transport calls it once, before the first byte.
     *
     * @param pool     the transport's pool, shared by many connections
     * @param failures where such failures go, or {@code null} to log them
     */
    public void useOutput(OutputPool pool, SendFailures failures) {
        this.outputPool = java.util.Objects.requireNonNull(pool, "pool");
        this.sendFailures = failures;
        if (protocol != null) {
            protocol.useOutput(pool, failures);
        }
    }

    /** Makes {@code created} the WebSocket protocol, building its frames as {@link #useOutput} said. */
    void startProtocol(WebSocketProtocol created) {
        protocol = created;
        created.observer = observer;
        created.useOutput(outputPool, sendFailures);
    }

    /**
     * Returns the path of the request this connection is serving (server) or opened (client).
     *
     * @return the path, or {@code null} before one is known
     */
    public String path() {
        return observer.path();
    }

    /**
     * Returns the peer as this connection names it in its logs and events.
     *
     * @return {@code host:port}, or {@code ?} if the transport did not say
     */
    public String peer() {
        return observer.peer();
    }

    /**
     * Takes bytes from the peer. The WebSocket engine reads them as its events are taken and lends
     * messages to the application as views of them (see {@link WebSocketProtocol#receive}), so the
     * buffer must stay as it is until {@link #nextEvent()} has returned {@code null}.
     *
     * @param in the bytes, owned by the caller and lent until {@link #nextEvent()} returns
     *           {@code null}; consumed from position to limit by then; must be writable
     */
    public abstract void receive(ByteBuffer in);

    /** Takes the news that the peer closed TCP. */
    public void receiveEof() {
        if (protocol != null) {
            protocol.receiveEof();
        } else if (!closeBeforeOpen) {
            closeBeforeOpen = true;
            onEofBeforeOpen();
        }
    }

    /** Whether a handshake timeout now is worth reporting (not a kept-alive HTTP connection gone quiet). */
    boolean timeoutIsRejection() {
        return true;
    }

    /** What a side reports when TCP ends during its handshake. */
    abstract void onEofBeforeOpen();

    /**
     * Returns the next event, or {@code null} when none is queued. A data event's buffer, and the
     * event object, are lent until the next call to this method or to {@link #receive}; see
     * {@link ProtocolEvent}.
     *
     * @return the oldest queued event, removed
     */
    public ProtocolEvent nextEvent() {
        ProtocolEvent e = null;
        if (handshakeEvents != null) {
            e = handshakeEvents.poll();
            if (handshakeEvents.isEmpty()) {
                handshakeEvents = null;
            }
        }
        if (e == null && protocol != null) {
            e = protocol.nextEvent();
        }
        return e;
    }

    /**
     * Returns the next bytes to write, or {@code null} when none are queued.
     *
     * @return the oldest queued output, removed
     */
    public Outbound pollOutput() {
        Outbound o = null;
        if (handshakeOutput != null) {
            o = handshakeOutput.poll();
            if (handshakeOutput.isEmpty()) {
                handshakeOutput = null;
            }
        }
        if (o == null && protocol != null) {
            o = protocol.pollOutput();
        }
        return o;
    }

    /**
     * Returns whether output is queued.
     *
     * @return whether {@link #pollOutput()} would return something
     */
    public boolean hasOutput() {
        return handshakeOutput != null || (protocol != null && protocol.hasOutput());
    }

    /**
     * Returns whether the outbound queue is below its high-water mark; while it is not, the
     * transport should stop reading from the peer.
     *
     * @return whether the connection is writable
     */
    public boolean isWritable() {
        return protocol == null || protocol.isWritable();
    }

    /**
     * Returns whether TCP should close once everything polled so far is written.
     *
     * @return whether to close after flushing
     */
    public boolean shouldCloseTransport() {
        return closeBeforeOpen || (protocol != null && protocol.shouldCloseTransport());
    }

    /**
     * Tells the WebSocket engine the time, so that it pings a silent peer, gives up one that does
     * not answer, and bounds the closing handshake; see {@link WebSocketProtocol#tick(long)}. Does
     * nothing before the upgrade.
     *
     * @param now nanoseconds on the transport's monotonic clock
     */
    public void tick(long now) {
        if (protocol != null) {
            protocol.tick(now);
        }
    }

    /**
     * Returns when {@link #tick(long)} is next due.
     *
     * @return the deadline, or {@link WebSocketProtocol#NO_DEADLINE} when none applies (as before
     *         the upgrade, whose timeout is the transport's)
     */
    public long nextDeadline() {
        return protocol == null ? WebSocketProtocol.NO_DEADLINE : protocol.nextDeadline();
    }

    /**
     * Returns whether TCP must be dropped now, with whatever is still unwritten.
     *
     * @return whether to abort
     */
    public boolean shouldAbortTransport() {
        return protocol != null && protocol.shouldAbortTransport();
    }

    /**
     * Returns whether a close-wait deadline applies now.
     *
     * @return whether the transport should run the close-wait timer
     */
    public boolean awaitsPeerClose() {
        return protocol != null && protocol.awaitsPeerClose();
    }

    /**
     * Returns the connection's state: {@link ConnectionState#CONNECTING} until the handshake
     * succeeds.
     *
     * @return the state
     */
    public ConnectionState state() {
        if (protocol != null) {
            return protocol.state();
        }
        return closeBeforeOpen ? ConnectionState.CLOSED : ConnectionState.CONNECTING;
    }

    /**
     * Returns the WebSocket protocol, for sending.
     *
     * @return the protocol engine
     * @throws IllegalStateException if the opening handshake has not succeeded
     */
    public WebSocketProtocol protocol() {
        if (protocol == null) {
            throw new IllegalStateException("the WebSocket handshake has not completed");
        }
        return protocol;
    }

    /**
     * Returns whether the opening handshake has succeeded.
     *
     * @return whether {@link #protocol()} is available
     */
    public boolean isUpgraded() {
        return protocol != null;
    }

    /** The opening handshake took too long: the connection is dropped (no WebSocket existed yet). */
    public void handshakeTimedOut() {
        if (protocol == null && !closeBeforeOpen) {
            closeBeforeOpen = true;
            queueEvent(new HandshakeFailed(0, "the opening handshake timed out"));
            if (timeoutIsRejection()) {
                observer.handshakeRejected(observer.path(), 0, "the opening handshake timed out");
            }
        }
    }

    /**
     * Nothing arrived for the idle period. An open WebSocket starts the closing handshake with
     * 1001 (going away); an idle plain-HTTP connection just closes.
     */
    public void idleTimedOut() {
        if (protocol == null) {
            closeBeforeOpen = true;
        } else if (protocol.state() == ConnectionState.OPEN) {
            protocol.close(dev.weft.codec.frame.CloseCode.GOING_AWAY, "idle timeout");
        }
    }

    /** Queues an event from before the WebSocket protocol starts, ahead of any of the protocol's. */
    void queueEvent(ProtocolEvent event) {
        if (handshakeEvents == null) {
            handshakeEvents = new ArrayDeque<>(2);
        }
        handshakeEvents.add(event);
    }

    /** Queues output from before the WebSocket protocol starts, ahead of any of the protocol's. */
    void queueOutput(Outbound output) {
        if (handshakeOutput == null) {
            handshakeOutput = new ArrayDeque<>(2);
        }
        handshakeOutput.add(output);
    }

    static Outbound outbound(ByteBuffer bytes) {
        return new Outbound(new ByteBuffer[] {bytes}, new java.util.concurrent.CompletableFuture<>());
    }
}
