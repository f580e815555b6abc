package dev.weft.transport.loom;

import dev.weft.codec.engine.Connection;
import dev.weft.codec.engine.ConnectionState;
import java.util.concurrent.ScheduledFuture;

/**
 * The one deadline a connection runs under at a time, on the transport's timer thread: the
 * opening handshake's, silence's (idle) or the closing handshake's (close-wait). After every
 * change of its engine the connection says which deadline applies ({@link #require}); the timer
 * leaves an armed deadline alone, or replaces it. When it fires, the connection is handed the
 * deadline and decides whether it has really passed; if not, it asks for a later check
 * ({@link #recheckAfter}).
 *
 * <p>Guarded by the connection's lock.
 */
final class ConnectionTimer {

    /** Which deadline applies. */
    enum Deadline {
        NONE,
        HANDSHAKE,
        IDLE,
        CLOSE_WAIT
    }

    private final LoomTransport transport;
    private final LoomConnection connection;
    private Deadline deadline = Deadline.NONE;
    private ScheduledFuture<?> task;

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
        if (!engine.isUpgraded()) {
            return Deadline.HANDSHAKE;
        }
        if (engine.shouldCloseTransport() || engine.awaitsPeerClose()) {
            return Deadline.CLOSE_WAIT;
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

    private void schedule(Deadline which, long nanos) {
        task = transport.schedule(() -> connection.expire(which), nanos);
    }
}
