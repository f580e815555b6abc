package dev.weft.transport.loom;

import dev.weft.codec.internal.SafeLog;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * <p>One watcher thread per transport, parked while nothing is deferred. Its work is
 * proportional to deferrals, not to connections: an idle connection is never looked at. It is a
 * platform thread, not a virtual one, because under load it would be woken for nearly every
 * message: every wake of a virtual thread allocates the scheduler's task for it (a
 * {@code ForkJoinTask} wrapper, 32 B), and every timed park of one a timer task, while a platform
 * thread parks and is unparked without allocating. And once it has nothing left to watch it
 * lingers, parked for half the delay with deferrals free to come without waking it, before it
 * sleeps until woken: under a steady load it wakes a few hundred times a second, whatever the
 * message rate, instead of once for every turn of a reader.
 *
 * <p>Noting allocates nothing, since every reader turn under load notes its connection: a
 * connection is its own list node ({@link Entry}), and is in the watcher's lists at most once. A
 * connection noted again while still there (its reader wrote and deferred anew before the watcher
 * looked) is not added again: the watcher reads its {@link Entry#deferredSince()} afresh each time
 * it looks, and keeps it for as long as it is deferred.
 */
final class DeferredWrites implements Runnable {

    private static final SafeLog LOG = LoomTransport.LOG;

    /**
     * How long a reply may wait for its handler to return before a writer takes it; replies
     * leave within about 1.5 times this, well under the 50 ms the transport aims at.
     */
    static final long DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * What the watcher knows of a connection, and its links in the watcher's lists, so that a
     * connection is noted without allocating.
     */
    abstract static class Entry {
        /**
         * Whether it is in {@link #incoming} or {@link #waiting}; set by the one thread that
         * adds it (compare-and-set), cleared only by the watcher.
         */
        private volatile boolean noted;
        /**
         * The next entry in the list it is in: written by the thread that adds it before it is
         * published, then by the watcher only.
         */
        private Entry next;

        /** Returns whether its reader still holds output back for itself. */
        abstract boolean isDeferred();

        /** Returns when its reader last left output for itself ({@link System#nanoTime()}). */
        abstract long deferredSince();

        /**
         * Called once its deferred output has waited {@link #DELAY_NANOS}: writes it now if the
         * reader has not, or defers it anew ({@link #deferredSince()} later) if the reader is busy.
         */
        abstract void flushDeferred();
    }

    private static final VarHandle NOTED;
    private static final VarHandle INCOMING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NOTED = lookup.findVarHandle(Entry.class, "noted", boolean.class);
            INCOMING = lookup.findVarHandle(DeferredWrites.class, "incoming", Entry.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Entries noted since the watcher last looked, newest first: adding one is a compare-and-set. */
    @SuppressWarnings("unused") // through INCOMING
    private volatile Entry incoming;
    /** Entries the watcher took in and has not let go yet, in no order; watcher only. */
    private Entry waiting;
    private final Thread watcher;
    private volatile boolean stopped;
    /** Set while the watcher parks with nothing noted, so that only then a deferral unparks it. */
    private volatile boolean sleeping;

    DeferredWrites() {
        watcher = Thread.ofPlatform().name("weft-loom-deferred-writes").daemon().unstarted(this);
    }

    void start() {
        watcher.start();
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(watcher);
    }

    /**
     * Notes that {@code entry}'s reader left output for itself at {@link Entry#deferredSince()};
     * a no-op if it is noted already (the watcher then reads the new time when it next looks).
     * Any thread; allocates nothing.
     */
    void defer(Entry entry) {
        if (!NOTED.compareAndSet(entry, false, true)) {
            return;
        }
        Entry head;
        do {
            head = (Entry) INCOMING.getVolatile(this);
            entry.next = head;
        } while (!INCOMING.compareAndSet(this, head, entry));
        // Both sides write, then read the other's volatile state: either the watcher sees this
        // entry before parking, or this sees the watcher asleep and wakes it. A watcher parked
        // with a deadline needs no wake: every entry it waits for was deferred before this one,
        // and a lingering one parks for half the delay, so it wakes before this one is due.
        if (sleeping) {
            LockSupport.unpark(watcher);
        }
    }

    @Override
    public void run() {
        boolean lingered = false;
        while (!stopped) {
            takeIncoming();
            if (waiting == null) {
                if (!lingered) {
                    // Nothing to watch, but under load a deferral is due any moment: wait for it
                    // parked with a deadline, which a deferral does not cut short (sleeping stays
                    // false), rather than be woken for each one.
                    lingered = true;
                    LockSupport.parkNanos(this, DELAY_NANOS / 2);
                    continue;
                }
                sleeping = true;
                if (INCOMING.getVolatile(this) == null && !stopped) {
                    LockSupport.park(this);
                }
                sleeping = false;
                continue;
            }
            lingered = false;
            long wait = flushDue();
            if (waiting != null) {
                // At least half the delay: under load deferrals come continuously, and waking for
                // each would cost more than the writes it saves. Replies still leave within 1.5×.
                LockSupport.parkNanos(this, Math.max(wait, DELAY_NANOS / 2));
            }
        }
    }

    /** Moves what was noted since the last look to {@link #waiting}. */
    private void takeIncoming() {
        Entry e = (Entry) INCOMING.getAndSet(this, (Entry) null);
        while (e != null) {
            Entry next = e.next;
            e.next = waiting;
            waiting = e;
            e = next;
        }
    }

    /**
     * Flushes every waiting entry that is due, lets go of those no longer deferred, and returns
     * how long until the next of the rest is due.
     */
    private long flushDue() {
        long now = System.nanoTime();
        long soonest = Long.MAX_VALUE;
        Entry previous = null;
        for (Entry e = waiting; e != null; ) {
            Entry next = e.next;
            boolean keep = e.isDeferred();
            if (keep && e.deferredSince() + DELAY_NANOS - now <= 0) {
                try {
                    e.flushDeferred();
                } catch (Throwable failure) {
                    LOG.log(System.Logger.Level.WARNING, "could not write the deferred output of " + e, failure);
                }
                keep = e.isDeferred(); // its reader is busy, or wrote and deferred anew meanwhile
            }
            if (!keep) {
                // Out of the list before it is let go: once it is, a deferral may add it anew and
                // its link is that deferral's.
                if (previous == null) {
                    waiting = next;
                } else {
                    previous.next = next;
                }
                e.next = null;
                NOTED.setVolatile(e, false);
                // A deferral made since the look above found it still noted and did not add it:
                // take it back for that one, unless that deferral has added it anew already.
                if (e.isDeferred() && NOTED.compareAndSet(e, false, true)) {
                    e.next = waiting;
                    waiting = e;
                    if (previous == null) {
                        previous = e;
                    }
                    keep = true;
                }
            } else {
                previous = e;
            }
            if (keep) {
                soonest = Math.min(soonest, Math.max(0, e.deferredSince() + DELAY_NANOS - now));
            }
            e = next;
        }
        return soonest;
    }
}
