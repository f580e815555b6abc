package dev.weft.codec.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where engines build their outgoing frames: buffers in a few size classes, and the
 * {@link Outbound} shells that carry them, both handed back once the transport has written them.
 * A transport keeps one per event loop (or one for all its virtual threads), never one per
 * connection, so that idle connections hold none of it.
 *
 * <p>A pooled pool hands out direct buffers: the socket writes straight from them, without the
 * JDK's temporary direct buffer and the copy into it that a heap buffer costs at every write.
 * What it keeps is bounded: about {@link #RETAINED_BYTES_PER_CLASS} per size class; a buffer given
 * back to a full class is left to the garbage collector.
 *
 * <p>{@link #unpooled()} is what an engine uses when no transport supplied a pool (tests, tools):
 * every frame gets a new heap buffer and nothing is kept.
 *
 * <p>Thread-safe: an engine takes under its connection's lock or on its loop, and the transport
 * gives back from whichever thread wrote. Each class has its own lock, uncontended on an event
 * loop; nothing here blocks, so a virtual thread never parks in it for long.
 */
public final class OutputPool {

    /**
     * The largest buffer the pool hands out: a 64 KiB payload with the longest header (14 bytes)
     * behind it fits in one. A longer frame is written across several of these.
     */
    public static final int MAX_BUFFER = 64 * 1024 + 16;
    /** About how many idle bytes each size class keeps. */
    static final int RETAINED_BYTES_PER_CLASS = 2 * 1024 * 1024;
    /** How many idle {@link Outbound} shells are kept. */
    private static final int RETAINED_SHELLS = 4096;

    /** Capacities of the size classes, smallest first; the last is {@link #MAX_BUFFER}. */
    private static final int[] CLASSES = {128, 512, 2 * 1024, 8 * 1024, 32 * 1024, MAX_BUFFER};

    private static final OutputPool UNPOOLED = new OutputPool(false);

    private final boolean pooled;
    private final Stack[] classes;
    private final ReentrantLock shellLock = new ReentrantLock();
    private final Outbound[] shells;
    private int shellCount;

    private OutputPool(boolean pooled) {
        this.pooled = pooled;
        this.classes = new Stack[pooled ? CLASSES.length : 0];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = new Stack(Math.max(16, RETAINED_BYTES_PER_CLASS / CLASSES[i]));
        }
        this.shells = new Outbound[pooled ? RETAINED_SHELLS : 0];
    }

    /**
     * Creates an empty pool of direct buffers, for one event loop or one transport.
     *
     * @return the pool; it allocates on demand and keeps a bounded amount
     */
    public static OutputPool direct() {
        return new OutputPool(true);
    }

    /**
     * Returns the pool that pools nothing: each frame in a new heap buffer, given back to nobody.
     *
     * @return the shared unpooled pool
     */
    public static OutputPool unpooled() {
        return UNPOOLED;
    }

    /**
     * Returns whether this pool keeps what is given back (and its buffers are direct).
     *
     * @return whether this pool pools
     */
    public boolean isPooled() {
        return pooled;
    }

    /**
     * Lends a buffer for one frame, or for a piece of a longer one.
     *
     * @param size how many bytes are wanted, at most {@link #MAX_BUFFER}
     * @return a buffer at position 0 with its limit at {@code size}, owned by the caller until
     *         given back with {@link #give(ByteBuffer)}
     */
    ByteBuffer take(int size) {
        if (!pooled) {
            return ByteBuffer.allocate(size);
        }
        int c = classOf(size);
        ByteBuffer b = classes[c].pop();
        if (b == null) {
            b = ByteBuffer.allocateDirect(CLASSES[c]);
        }
        return b.clear().limit(size);
    }

    /**
     * Takes a buffer back; the caller must not touch it after this.
     *
     * @param buffer a buffer from {@link #take(int)} of this pool
     */
    void give(ByteBuffer buffer) {
        if (!pooled) {
            return;
        }
        int c = classOf(buffer.capacity());
        if (CLASSES[c] == buffer.capacity()) {
            classes[c].push(buffer);
        }
    }

    /** Returns an idle shell, or {@code null} when none is kept. */
    Outbound shell() {
        if (!pooled) {
            return null;
        }
        shellLock.lock();
        try {
            if (shellCount == 0) {
                return null;
            }
            Outbound o = shells[--shellCount];
            shells[shellCount] = null;
            return o;
        } finally {
            shellLock.unlock();
        }
    }

    /** Keeps a shell that has been written and cleared, if there is room. */
    void recycle(Outbound shell) {
        if (!pooled) {
            return;
        }
        shellLock.lock();
        try {
            if (shellCount < shells.length) {
                shells[shellCount++] = shell;
            }
        } finally {
            shellLock.unlock();
        }
    }

    private static int classOf(int size) {
        for (int i = 0; i < CLASSES.length; i++) {
            if (size <= CLASSES[i]) {
                return i;
            }
        }
        throw new IllegalArgumentException("no buffer class holds " + size + " bytes");
    }

    /** A bounded stack of idle buffers of one class. */
    private static final class Stack {
        private final ReentrantLock lock = new ReentrantLock();
        private final ByteBuffer[] items;
        private int count;

        Stack(int capacity) {
            items = new ByteBuffer[capacity];
        }

        ByteBuffer pop() {
            lock.lock();
            try {
                if (count == 0) {
                    return null;
                }
                ByteBuffer b = items[--count];
                items[count] = null;
                return b;
            } finally {
                lock.unlock();
            }
        }

        void push(ByteBuffer b) {
            lock.lock();
            try {
                if (count < items.length) {
                    items[count++] = b;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
