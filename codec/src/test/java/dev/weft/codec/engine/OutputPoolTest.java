package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OutputPool}'s ownership rule: an owned pool's owner takes and gives back on its own side,
 * every other thread on the locked side, and a buffer or shell is never lent to two holders at
 * once, whichever threads take and give.
 */
@Timeout(30)
class OutputPoolTest {

    /** Runs {@code body} on a new thread and waits for it; its failure fails the test. */
    private static void on(Thread[] holder, Runnable body) throws InterruptedException {
        List<Throwable> failed = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failed.add(e);
            }
        });
        holder[0] = t;
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive(), "the thread finished");
        assertEquals(List.of(), failed);
    }

    @Test
    void theOwnerGetsBackWhatItGaveInEveryClass() {
        OutputPool pool = OutputPool.ownedBy(Thread.currentThread());
        for (int size : new int[] {1, 128, 129, 2048, 9000, 40_000, OutputPool.MAX_BUFFER}) {
            ByteBuffer b = pool.take(size);
            assertTrue(b.isDirect());
            assertEquals(0, b.position());
            assertEquals(size, b.limit());
            pool.give(b);
            assertSame(b, pool.take(size), "a buffer of " + size + " bytes comes back");
        }
    }

    @Test
    void aBufferGivenBackByAnotherThreadReachesTheOwnerThroughTheLockedSide() throws Exception {
        OutputPool pool = OutputPool.ownedBy(Thread.currentThread());
        ByteBuffer mine = pool.take(1000);
        Thread[] other = new Thread[1];
        on(other, () -> pool.give(mine));
        assertSame(mine, pool.take(1000), "the owner's own side was empty, so it looks at the other");
        assertNotSame(mine, pool.take(1000), "and it was lent once only");
    }

    @Test
    void anotherThreadNeverTakesFromTheOwnersSide() throws Exception {
        OutputPool pool = OutputPool.ownedBy(Thread.currentThread());
        ByteBuffer owners = pool.take(500);
        pool.give(owners);
        ByteBuffer[] taken = new ByteBuffer[2];
        Thread[] other = new Thread[1];
        on(other, () -> {
            taken[0] = pool.take(500);
            pool.give(taken[0]);
            taken[1] = pool.take(500);
        });
        assertNotSame(owners, taken[0], "the owner's side is the owner's alone");
        assertTrue(taken[0].isDirect(), "another thread still gets a direct buffer");
        assertSame(taken[0], taken[1], "what another thread gives back, other threads take again");
        assertSame(owners, pool.take(500));
    }

    @Test
    void shellsFollowTheSameRule() throws Exception {
        OutputPool pool = OutputPool.ownedBy(Thread.currentThread());
        Outbound o = Outbound.pooled(pool, pool.take(10), null, null);
        o.complete();
        assertSame(o, pool.shell(), "the owner's completed shell comes back to it");
        Outbound[] others = new Outbound[1];
        Thread[] other = new Thread[1];
        on(other, () -> others[0] = pool.shell());
        assertEquals(null, others[0], "the owner's shells are not another thread's");
    }

    /**
     * The owner and two other threads take, fill, check and give back as fast as they can, and
     * sometimes give back what another thread took: a buffer lent to two holders at once is seen
     * by the one whose bytes were overwritten, and by the set of buffers out.
     */
    @Test
    void noBufferIsLentTwiceWhileOwnerAndOthersTakeAndGiveAtOnce() throws Exception {
        Thread[] ownerHolder = new Thread[1];
        CountDownLatch ready = new CountDownLatch(1);
        OutputPool[] poolHolder = new OutputPool[1];
        // By identity: a ByteBuffer's equals compares contents.
        Set<ByteBuffer> out = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        java.util.concurrent.ConcurrentLinkedQueue<ByteBuffer> handedOver = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Throwable> failed = new CopyOnWriteArrayList<>();
        int rounds = 20_000;
        int[] sizes = {100, 400, 1500, 6000};
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int worker = w;
            threads.add(new Thread(() -> {
                try {
                    if (worker == 0) {
                        poolHolder[0] = OutputPool.ownedBy(Thread.currentThread());
                        ready.countDown();
                    }
                    ready.await();
                    OutputPool pool = poolHolder[0];
                    for (int i = 0; i < rounds; i++) {
                        ByteBuffer b = pool.take(sizes[i % sizes.length]);
                        if (!out.add(b)) {
                            throw new AssertionError("a buffer was lent while still out");
                        }
                        byte stamp = (byte) (worker * 64 + i);
                        for (int j = 0; j < b.limit(); j += 97) {
                            b.put(j, stamp);
                        }
                        for (int j = 0; j < b.limit(); j += 97) {
                            if (b.get(j) != stamp) {
                                throw new AssertionError("another holder wrote into a lent buffer");
                            }
                        }
                        out.remove(b);
                        if (worker != 0 && (i & 7) == 0) {
                            handedOver.add(b); // another thread gives it back
                            continue;
                        }
                        pool.give(b);
                        ByteBuffer theirs = handedOver.poll();
                        if (theirs != null) {
                            pool.give(theirs);
                        }
                    }
                } catch (Throwable e) {
                    failed.add(e);
                }
            }, "pool-worker-" + w));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(t.isAlive());
        }
        assertEquals(List.of(), failed);
    }
}
