package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DeferredWrites} with stand-in connections: a deferral is flushed once it has waited its
 * delay, a connection deferred anew while still noted is kept, not lost, one let go is noted again
 * by its next deferral, and neither noting nor waking the watcher allocates anything.
 */
@Timeout(30)
class DeferredWritesTest {

    private final DeferredWrites writes = new DeferredWrites();

    @AfterEach
    void stop() {
        writes.stop();
    }

    /**
     * A connection whose reader deferred at {@link #since}; flushing writes it (clears the
     * deferral). Its monitor stands for the connection's lock.
     */
    private static final class Stand extends DeferredWrites.Entry {
        volatile boolean deferred;
        volatile long since;
        /** The deferral each flush found; a permit per flush. */
        final List<Long> flushedAt = new ArrayList<>();
        final Semaphore flushes = new Semaphore(0);

        synchronized void written() {
            deferred = false;
        }

        synchronized void deferNow(DeferredWrites writes) {
            since = System.nanoTime();
            deferred = true;
            writes.defer(this);
        }

        /** When set, the next look that finds it written defers it anew just then, once. */
        volatile DeferredWrites raceWith;

        @Override
        boolean isDeferred() {
            boolean d = deferred;
            DeferredWrites race = raceWith;
            if (!d && race != null) {
                // Its reader defers again just as the watcher finds the last deferral written:
                // the watcher still holds it noted, so this deferral does not add it.
                raceWith = null;
                deferNow(race);
            }
            return d;
        }

        @Override
        long deferredSince() {
            return since;
        }

        @Override
        synchronized void flushDeferred() {
            long at = since;
            if (!deferred || System.nanoTime() - at < DeferredWrites.DELAY_NANOS) {
                return; // as LoomConnection does: written meanwhile, or deferred anew later
            }
            deferred = false;
            synchronized (flushedAt) {
                flushedAt.add(at);
            }
            flushes.release();
        }
    }

    @Test
    void aDeferralIsFlushedOnceItHasWaitedItsDelay() throws InterruptedException {
        writes.start();
        Stand c = new Stand();
        c.deferNow(writes);
        long since = c.since;
        assertTrue(c.flushes.tryAcquire(10, TimeUnit.SECONDS), "flushed");
        assertEquals(List.of(since), c.flushedAt);
        // Not before it was due (a lower bound: it cannot fail because the machine is slow).
        assertTrue(System.nanoTime() - since >= DeferredWrites.DELAY_NANOS);
    }

    @Test
    void aConnectionLetGoIsNotedAgainByItsNextDeferral() throws InterruptedException {
        writes.start();
        Stand c = new Stand();
        for (int round = 0; round < 3; round++) {
            c.deferNow(writes);
            assertTrue(c.flushes.tryAcquire(10, TimeUnit.SECONDS), "flushed in round " + round);
        }
        assertEquals(3, c.flushedAt.size());
    }

    @Test
    void aDeferralMadeAsTheWatcherLetsGoIsNotLost() throws InterruptedException {
        writes.start();
        Stand c = new Stand();
        c.raceWith = writes;
        c.deferNow(writes);
        assertTrue(c.flushes.tryAcquire(10, TimeUnit.SECONDS), "the first deferral was flushed");
        assertTrue(c.flushes.tryAcquire(10, TimeUnit.SECONDS), "the deferral made as it was let go was flushed");
        assertEquals(null, c.raceWith, "the race was run");
    }

    @Test
    void aConnectionDeferredAnewWhileStillNotedIsKeptUntilItsLastDeferral() throws InterruptedException {
        writes.start();
        List<Stand> stands = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Stand c = new Stand();
            stands.add(c);
            // A busy reader: writes (clears its deferral) and defers anew, many times, faster
            // than the watcher looks, then blocks with its last deferral outstanding.
            readers.add(Thread.ofVirtual().start(() -> {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                do {
                    c.written();
                    c.deferNow(writes);
                } while (System.nanoTime() - until < 0);
            }));
        }
        for (Thread t : readers) {
            t.join();
        }
        for (Stand c : stands) {
            // Earlier deferrals may have been flushed too (a reader kept from its carrier for
            // longer than the delay is a blocked reader); the last one must be.
            do {
                assertTrue(c.flushes.tryAcquire(10, TimeUnit.SECONDS), "the last deferral was flushed");
            } while (c.deferred);
            synchronized (c.flushedAt) {
                assertEquals(c.since, c.flushedAt.getLast(), "the last flush was the last deferral's");
            }
        }
    }

    /**
     * Under load a reader defers on nearly every turn, and the watcher, with nothing left to watch
     * after each, would be woken for each: as a virtual thread, every wake allocated the
     * scheduler's task for it (32 B a message on the echo path). Here every deferral finds the
     * watcher asleep (each is written at once, and the next comes well after the watcher has
     * lingered and gone to sleep), so each wakes it; the deferring thread and the watcher
     * together allocate nothing for it.
     */
    @Test
    void wakingTheWatcherAllocatesNothing() throws InterruptedException {
        writes.start();
        Stand c = new Stand();
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // The watcher's own allocation, if it is a platform thread (a virtual one allocates in its
        // carriers, which other tests may share; its wakes cost the thread that unparks it).
        long watcher = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("weft-loom-deferred-writes")).mapToLong(Thread::threadId).findFirst().orElse(-1);
        int n = 40;
        for (int round = 0; round < 2; round++) { // the first warms the paths up
            long before = mx.getCurrentThreadAllocatedBytes() + (watcher < 0 ? 0 : mx.getThreadAllocatedBytes(watcher));
            for (int i = 0; i < n; i++) {
                c.deferNow(writes);
                c.written();
                // Long enough for the watcher to let it go, linger and fall asleep.
                LockSupport.parkNanos(3 * DeferredWrites.DELAY_NANOS / 2);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() + (watcher < 0 ? 0 : mx.getThreadAllocatedBytes(watcher)) - before;
            if (round == 1) {
                // A scheduler task per wake would be 24-32 B each, about 1 KB in all.
                assertTrue(allocated < 8 * n, n + " wakes of the watcher allocated " + allocated + " B");
            }
        }
    }

    @Test
    void notingAllocatesNothing() {
        // Not started: the entries stay noted, so every one of these is a first noting.
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 10_000;
        Stand[] stands = new Stand[n];
        for (int i = 0; i < n; i++) {
            stands[i] = new Stand();
        }
        // The first noting in the JVM links the VarHandles it uses (about 16 KB of method handle
        // forms, once): when this test runs first, that must not count.
        Stand first = new Stand();
        writes.defer(first);
        writes.defer(first);
        long before = mx.getCurrentThreadAllocatedBytes();
        for (Stand c : stands) {
            writes.defer(c);
            writes.defer(c); // noted already: nothing to do
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        // A queue node per noting would be about 24 B each, 240 KB in all.
        assertTrue(allocated < n, "noting " + n + " connections allocated " + allocated + " B");
    }
}
