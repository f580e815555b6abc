package dev.weft.transport.loom;

import dev.weft.codec.engine.Connection;
import dev.weft.codec.engine.ConnectionState;
import dev.weft.codec.engine.WebSocketProtocol;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;

/**
 * A connection's deadlines, on the transport's timer thread. Two kinds:
 * <ul>
 *   <li>the transport's own, one at a time: the opening handshake's, silence's (idle), or the
 *       close-wait's (TCP is due to close and its last output is stuck). After
 *       every change of its engine the connection says which applies ({@link #require}); the timer
 *       leaves an armed deadline alone, or replaces it. When it fires, the connection is handed
 *       the deadline and decides whether it has really passed; if not, it asks for a later check
 *       ({@link #recheckAfter});</li>
 *   <li>the engine's ({@link Connection#nextDeadline()}): keepalive pings, the pong's deadline,
 *       the closing handshake's. The timer only wakes the connection then
 *       ({@link #requireEngineAt}); the engine decides what is due when told the time.</li>
 * </ul>
 *
 * <p>Guarded by the connection's lock.
 */
final class ConnectionTimer implements Callable<Void> {

    /** Which deadline applies. */
    enum Deadline {
        NONE,
        HANDSHAKE,
        IDLE,
        /** TCP is due to close but the last output has not gone out: bounds a stall (TransportOptions.closeWaitTimeout). */
        CLOSE_WAIT
    }

    private final LoomTransport transport;
    private final LoomConnection connection;
    private Deadline deadline = Deadline.NONE;
    private ScheduledFuture<?> task;
    /** When the engine's wake-up is armed for, valid while {@link #engineTask} is set. */
    private long engineAt;
    private ScheduledFuture<?> engineTask;

    ConnectionTimer(LoomTransport transport, LoomConnection connection) {
        this.transport = transport;
        this.connection = connection;
    }

    /**
     * Returns the deadline that an engine's state calls for.
     *
     * @param engine a running connection's engine (one that has started and is not dead)
     * @return the deadline, {@link Deadline#NONE} when none applies
     */
    Deadline wanted(Connection engine) {
        if (engine.shouldCloseTransport()) {
            return Deadline.CLOSE_WAIT;
        }
        if (!engine.isUpgraded()) {
            return Deadline.HANDSHAKE;
        }
        if (engine.state() == ConnectionState.OPEN && !transport.options().idleTimeout().isZero()) {
            return Deadline.IDLE;
        }
        return Deadline.NONE;
    }

    /** Arms {@code want}, its full period from now, unless it is armed already. */
    void require(Deadline want) {
        if (want == deadline) {
            return;
        }
        cancel();
        deadline = want;
        switch (want) {
            case HANDSHAKE -> schedule(want, transport.options().handshakeTimeout().toNanos());
            case IDLE -> schedule(want, transport.options().idleTimeout().toNanos());
            case CLOSE_WAIT -> schedule(want, transport.options().closeWaitTimeout().toNanos());
            case NONE -> {
            }
        }
    }

    /** Returns whether {@code which} is still the armed deadline: one that fired may have been replaced meanwhile. */
    boolean isArmed(Deadline which) {
        return which != Deadline.NONE && which == deadline;
    }

    /** Checks the armed deadline {@code which} again after {@code nanos}: it was found not due yet. */
    void recheckAfter(Deadline which, long nanos) {
        schedule(which, nanos);
    }

    /** Forgets the armed deadline, cancelling its task if it has not fired. */
    void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        deadline = Deadline.NONE;
    }

    /**
     * Makes sure the connection is woken at {@code due} (or earlier) for its engine: an armed
     * wake-up that comes no later is kept, since waking early costs one look; a later one is
     * replaced.
     *
     * @param due the engine's deadline, or {@link WebSocketProtocol#NO_DEADLINE}
     * @param now the time now, on the same clock
     */
    void requireEngineAt(long due, long now) {
        if (due == WebSocketProtocol.NO_DEADLINE) {
            cancelEngine();
            return;
        }
        if (engineTask != null && engineAt - due <= 0) {
            return;
        }
        cancelEngine();
        engineAt = due;
        // This timer is the task: an armed wake-up costs the executor's one object and nothing more.
        engineTask = transport.schedule(this, Math.max(0, due - now));
    }

    /** Forgets the engine's wake-up: it fired, or the connection ended. */
    void cancelEngine() {
        if (engineTask != null) {
            engineTask.cancel(false);
            engineTask = null;
        }
    }

    /** The engine's wake-up, on the timer thread. */
    @Override
    public Void call() {
        connection.engineDue();
        return null;
    }

    private void schedule(Deadline which, long nanos) {
        task = transport.schedule(() -> connection.expire(which), nanos);
    }
}
