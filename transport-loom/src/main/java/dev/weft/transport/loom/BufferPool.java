package dev.weft.transport.loom;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Large read buffers shared by every connection of a transport. A connection borrows one only
 * for a read that will not block (bytes are known to be waiting) and gives it back as soon as the
 * engine has taken the bytes, so a few buffers serve any number of connections.
 *
 * <p>The pool never makes a caller wait: when every slot is empty, {@link #take()} allocates, and
 * when every slot is full, {@link #give(ByteBuffer)} lets the buffer go to the garbage collector.
 * Lock-free, so a virtual thread never parks (or pins) in here.
 */
final class BufferPool {

    private final int bufferSize;
    private final AtomicReferenceArray<ByteBuffer> slots;
    /** How many buffers {@link #tryTake()} has made; it makes no more than there are slots. */
    private final java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Creates an empty pool.
     *
     * @param bufferSize the capacity of every buffer it hands out
     * @param slots      how many idle buffers it keeps at most
     */
    BufferPool(int bufferSize, int slots) {
        this.bufferSize = bufferSize;
        this.slots = new AtomicReferenceArray<>(slots);
    }

    /**
     * Lends a buffer.
     *
     * @return a cleared direct buffer of {@link #bufferSize()} bytes, owned by the caller until it
     *         is given back (if ever)
     */
    ByteBuffer take() {
        ByteBuffer idle = takeIdle();
        return idle != null ? idle : allocate();
    }

    /**
     * Lends a buffer if one is idle, without ever allocating: for a read that may block while
     * holding it, so that such reads cannot make the pool's memory grow.
     *
     * @return a cleared buffer of {@link #bufferSize()} bytes owned by the caller until given
     *         back, or {@code null} when as many buffers as the pool has slots are lent
     */
    ByteBuffer tryTake() {
        ByteBuffer idle = takeIdle();
        if (idle != null) {
            return idle;
        }
        // None idle: make one, as long as no more exist than the pool has slots to keep.
        if (made.incrementAndGet() <= slots.length()) {
            return allocate();
        }
        made.decrementAndGet();
        return null;
    }

    /**
     * Whether {@link #tryTake()} could still lend at least {@code count} buffers: idle ones and
     * ones it has yet to make. A snapshot, as good as a guess once other threads take and give.
     *
     * @param count how many buffers must be left to lend
     * @return whether that many are
     */
    boolean canSpare(int count) {
        int spare = slots.length() - made.get();
        for (int i = 0; i < slots.length() && spare < count; i++) {
            if (slots.getPlain(i) != null) {
                spare++;
            }
        }
        return spare >= count;
    }

    /**
     * Returns how many buffers the pool keeps at most, and {@link #tryTake()} makes at most.
     *
     * @return its slots
     */
    int slots() {
        return slots.length();
    }

    /** Takes an idle buffer from the slots, cleared, or returns {@code null} when none is idle. */
    private ByteBuffer takeIdle() {
        int n = slots.length();
        int start = start(n);
        for (int i = 0; i < n; i++) {
            int slot = (start + i) % n;
            // Read before swapping, so that an empty slot costs no write to a shared cache line.
            if (slots.getPlain(slot) != null) {
                ByteBuffer b = slots.getAndSet(slot, null);
                if (b != null) {
                    return b.clear();
                }
            }
        }
        return null;
    }

    private ByteBuffer allocate() {
        // Direct: the socket reads straight into it, without the JDK's temporary buffer and copy.
        return ByteBuffer.allocateDirect(bufferSize);
    }

    /**
     * Takes a buffer back. The caller must not touch it afterwards.
     *
     * @param buffer a buffer from {@link #take()}
     */
    void give(ByteBuffer buffer) {
        int n = slots.length();
        int start = start(n);
        for (int i = 0; i < n; i++) {
            int slot = (start + i) % n;
            if (slots.getPlain(slot) == null && slots.compareAndSet(slot, null, buffer)) {
                return;
            }
        }
    }

    /**
     * Returns the capacity of the buffers.
     *
     * @return bytes per buffer
     */
    int bufferSize() {
        return bufferSize;
    }

    /** Spreads threads over the slots, so that carriers seldom race for the same one. */
    private static int start(int n) {
        return (int) (Thread.currentThread().threadId() % n);
    }
}
