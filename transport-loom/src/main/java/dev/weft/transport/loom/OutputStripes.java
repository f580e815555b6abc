package dev.weft.transport.loom;

import dev.weft.codec.engine.OutputPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport's output pools: a few of them, each connection given one in turn, so that
 * connections running on different carriers seldom take from the same one.
 *
 * <p>An {@link OutputPool} guards its buffers and shells with a lock per size class. On an NIO
 * event loop only that loop takes from its pool; on Loom every carrier thread runs connections,
 * and with one pool for all of them each frame built and each frame written bounced the pool's
 * locks and stacks between the carriers' caches, and a lock found taken parks a virtual thread.
 * Several pools, a connection keeping the one it was given for its life, spread that traffic;
 * a buffer always goes back to the pool it came from ({@code Outbound} remembers it), so a pool
 * is touched only by the connections it serves.
 *
 * <p>Idle connections hold nothing from here beyond the reference to their pool.
 */
final class OutputStripes {

    /** Pools per carrier thread the JDK's scheduler is likely to run. */
    private static final int PER_CARRIER = 2;
    /** At most this many pools: each keeps up to its own bounded amount. */
    private static final int MAX_POOLS = 16;

    private final OutputPool[] pools;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Creates the pools.
     *
     * @param carriers how many carrier threads run connections (the processors, as the JDK's
     *                 scheduler has by default)
     */
    OutputStripes(int carriers) {
        pools = new OutputPool[Math.min(MAX_POOLS, Math.max(1, carriers) * PER_CARRIER)];
        for (int i = 0; i < pools.length; i++) {
            pools[i] = OutputPool.direct();
        }
    }

    /**
     * Returns the pool a new connection builds its frames in, in turn.
     *
     * @return one of the pools, shared with the connections given it before and after
     */
    OutputPool next() {
        return pools[Math.floorMod(next.getAndIncrement(), pools.length)];
    }

    /**
     * Returns how many pools there are.
     *
     * @return the number of pools
     */
    int size() {
        return pools.length;
    }
}
