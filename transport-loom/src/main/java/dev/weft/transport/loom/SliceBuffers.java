package dev.weft.transport.loom;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small direct buffers cut from shared slabs, for what every connection holds for its whole life
 * (its reader's own read buffer). A direct buffer of its own would cost each connection a cleaner
 * and a deallocator on the heap and a separate native allocation; a slice of a slab is one plain
 * buffer object, and the slab's memory is freed by the collector once none of its slices is
 * reachable.
 *
 * <p>A slice given back is kept for the next connection, up to {@link #KEPT} of them; beyond that
 * it is let go, so a burst of connections does not pin native memory once it has passed.
 * Lock-free, so a virtual thread never parks (or pins) in here.
 */
final class SliceBuffers {

    /** Slices per slab: one native allocation serves this many connections. */
    static final int PER_SLAB = 64;
    /** Idle slices kept for reuse at most. */
    static final int KEPT = 1024;

    private final int size;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    /** About how many slices {@link #free} holds (a bound, not an exact count). */
    private final AtomicInteger kept = new AtomicInteger();

    /**
     * Creates an empty source of slices.
     *
     * @param size the capacity of every slice
     */
    SliceBuffers(int size) {
        this.size = size;
    }

    /**
     * Lends a slice.
     *
     * @return a cleared direct buffer of {@code size} bytes, the caller's until it gives it back
     *         (if ever); no other buffer shares its bytes
     */
    ByteBuffer take() {
        ByteBuffer b = free.poll();
        if (b != null) {
            kept.decrementAndGet();
            return b.clear();
        }
        ByteBuffer slab = ByteBuffer.allocateDirect(size * PER_SLAB);
        for (int i = 1; i < PER_SLAB; i++) {
            give(slab.slice(i * size, size));
        }
        return slab.slice(0, size);
    }

    /**
     * Takes a slice back. The caller must not touch it afterwards.
     *
     * @param slice a buffer from {@link #take()}
     */
    void give(ByteBuffer slice) {
        if (kept.incrementAndGet() <= KEPT) {
            free.add(slice);
        } else {
            kept.decrementAndGet(); // let go: the collector frees the slab with its last slice
        }
    }
}
