package dev.weft.transport.loom;

import dev.weft.codec.internal.SafeLog;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a handler made on its reader thread, kept for the reader to write once the handler returns
 * (so that the replies to one read leave in one write), with a bound on how long they may wait.
 * A handler that sends and then blocks (sleeps, waits on a lock, calls a slow service) would
 * otherwise hold its own reply back for as long as it blocks. A connection that defers output is
 * noted here once per turn of its reader; if the reader has not written by
 * {@link #DELAY_NANOS} later, the connection starts a writer, which writes while the handler is
 * still busy.
 *
 * <p>One watcher virtual thread per transport, parked while nothing is deferred. Its work is
 * proportional to deferrals, not to connections: an idle connection is never looked at.
 */
final class DeferredWrites implements Runnable {

    private static final SafeLog LOG = LoomTransport.LOG;

    /**
     * How long a reply may wait for its handler to return before a writer takes it; replies
     * leave within about 1.5 times this, well under the 50 ms the transport aims at.
     */
    static final long DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ConcurrentLinkedQueue<LoomConnection> queue = new ConcurrentLinkedQueue<>();
    private final Thread watcher;
    private volatile boolean stopped;
    /** Set while the watcher parks with nothing queued, so that only then a deferral unparks it. */
    private volatile boolean sleeping;

    DeferredWrites() {
        watcher = Thread.ofVirtual().name("weft-loom-deferred-writes").unstarted(this);
    }

    void start() {
        watcher.start();
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(watcher);
    }

    /**
     * Notes that {@code connection}'s reader left output for itself at {@link LoomConnection#deferredSince()};
     * the connection calls this once until {@link LoomConnection#flushDeferred()} or its reader's write clears it.
     */
    void defer(LoomConnection connection) {
        queue.add(connection);
        // Both sides write, then read the other's volatile state: either the watcher sees this
        // connection before parking, or this sees the watcher asleep and wakes it.
        if (sleeping) {
            LockSupport.unpark(watcher);
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            LoomConnection c = queue.peek();
            if (c == null) {
                sleeping = true;
                if (queue.isEmpty() && !stopped) {
                    LockSupport.park(this);
                }
                sleeping = false;
                continue;
            }
            // Deferrals queue in the order they were made, so the head is always the oldest.
            long wait = c.deferredSince() + DELAY_NANOS - System.nanoTime();
            if (wait > 0) {
                // At least half the delay: under load deferrals come continuously, and waking for
                // each would cost more than the writes it saves. Replies still leave within 1.5×.
                LockSupport.parkNanos(this, Math.max(wait, DELAY_NANOS / 2));
                continue;
            }
            queue.poll();
            try {
                c.flushDeferred();
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.WARNING, "could not write the deferred output of " + c, e);
            }
        }
    }
}
