package dev.weft.codec.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * What it keeps is bounded: about {@link #RETAINED_BYTES_PER_CLASS} per size class (an owned pool
 * an eighth more, for other threads' returns); a buffer given back to a full class is left to the
 * garbage collector. Nothing is held until something is given back.
 *
 * <p>{@link #unpooled()} is what an engine uses when no transport supplied a pool (tests, tools):
 * every frame gets a new heap buffer and nothing is kept.
 *
 * <h2>Threads and ownership</h2>
 * Every method is safe from any thread; what differs is the price.
 * <ul>
 *   <li>A pool made by {@link #ownedBy(Thread)} belongs to one thread, an event loop's. When that
 *       thread takes or gives back, it uses stacks only it touches, with no lock and no atomic
 *       instruction: the check is one compare of {@link Thread#currentThread()} with the owner.
 *       Any other thread (a sender that did not hand its work to the loop, a transport closing
 *       after its loop stopped) takes from and gives back to a second set of stacks, under a lock;
 *       the owner looks there only when its own stack of a class is empty. So a buffer the owner
 *       took and another thread gave back reaches the owner again through the lock, which also
 *       makes the other thread's last writes to it visible.</li>
 *   <li>A pool made by {@link #direct()} has no owner (a Loom transport's, taken by many virtual
 *       threads): every take and give goes through the locked stacks, one lock per size class
 *       and one for shells, uncontended most of the time; nothing here blocks for long, so a
 *       virtual thread never parks in it for long.</li>
 * </ul>
 * A buffer or shell belongs to whoever took it until it is given back (by
 * {@link Outbound#complete()} or {@link Outbound#fail(Throwable)}); handing it to another thread
 * in between needs the usual happens-before edge (a queue, a lock), as for any object.
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
    /**
     * The share of {@link #RETAINED_BYTES_PER_CLASS} (and of the shells) an owned pool keeps for
     * other threads' returns: on an event loop they are rare, so a small stack does.
     */
    private static final int FOREIGN_SHARE = 8;

    /** Capacities of the size classes, smallest first; the last is {@link #MAX_BUFFER}. */
    private static final int[] CLASSES = {128, 512, 2 * 1024, 8 * 1024, 32 * 1024, MAX_BUFFER};

    private static final OutputPool UNPOOLED = new OutputPool(false, null);

    private final boolean pooled;
    /** The thread whose takes and gives skip the locks, or {@code null} when none does. */
    private final Thread owner;
    /** The owner's buffers by class, touched by {@link #owner} alone; empty when there is no owner. */
    private final Stack<ByteBuffer>[] own;
    /** The owner's shells, touched by {@link #owner} alone; {@code null} when there is no owner. */
    private final Stack<Outbound> ownShells;
    /** Every other thread's buffers by class, each stack under its own lock. */
    private final Stack<ByteBuffer>[] shared;
    private final Stack<Outbound> sharedShells;

    @SuppressWarnings({"unchecked", "rawtypes"}) // arrays of a generic class are made raw
    private OutputPool(boolean pooled, Thread owner) {
        this.pooled = pooled;
        this.owner = owner;
        int classes = pooled ? CLASSES.length : 0;
        this.own = new Stack[owner == null ? 0 : classes];
        this.shared = new Stack[classes];
        int foreignShare = owner == null ? 1 : FOREIGN_SHARE;
        for (int i = 0; i < classes; i++) {
            int keep = Math.max(16, RETAINED_BYTES_PER_CLASS / CLASSES[i]);
            if (owner != null) {
                own[i] = new Stack<>(keep, false);
            }
            shared[i] = new Stack<>(Math.max(16, keep / foreignShare), true);
        }
        this.ownShells = owner == null || !pooled ? null : new Stack<>(RETAINED_SHELLS, false);
        this.sharedShells = pooled ? new Stack<>(RETAINED_SHELLS / foreignShare, true) : null;
    }

    /**
     * Creates an empty pool of direct buffers, for one transport whose threads all take from it
     * alike (every take and give locks; see the class comment).
     *
     * @return the pool; it allocates on demand and keeps a bounded amount
     */
    public static OutputPool direct() {
        return new OutputPool(true, null);
    }

    /**
     * Creates an empty pool of direct buffers that belongs to {@code owner}, an event loop's
     * thread: its takes and gives use no lock, other threads' go through locked stacks (see the
     * class comment).
     *
     * @param owner the thread that takes and gives back almost all the time
     * @return the pool; it allocates on demand and keeps a bounded amount
     */
    public static OutputPool ownedBy(Thread owner) {
        return new OutputPool(true, java.util.Objects.requireNonNull(owner, "owner"));
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
        ByteBuffer b = null;
        if (Thread.currentThread() == owner) {
            b = own[c].pop();
        }
        if (b == null) {
            b = shared[c].pop(); // empty-checked before it locks
        }
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
            (Thread.currentThread() == owner ? own : shared)[c].push(buffer);
        }
    }

    /** Returns an idle shell, or {@code null} when none is kept. */
    Outbound shell() {
        if (!pooled) {
            return null;
        }
        Outbound o = null;
        if (Thread.currentThread() == owner) {
            o = ownShells.pop();
        }
        return o != null ? o : sharedShells.pop();
    }

    /** Keeps a shell that has been written and cleared, if there is room. */
    void recycle(Outbound shell) {
        if (!pooled) {
            return;
        }
        (Thread.currentThread() == owner ? ownShells : sharedShells).push(shell);
    }

    private static int classOf(int size) {
        for (int i = 0; i < CLASSES.length; i++) {
            if (size <= CLASSES[i]) {
                return i;
            }
        }
        throw new IllegalArgumentException("no buffer class holds " + size + " bytes");
    }

    /**
     * A bounded stack of idle items, locked or not. Its array is made at the first push, so a
     * class (or an owned pool's foreign side) that is never used costs nothing.
     */
    private static final class Stack<T> {
        /**
         * Reads {@link #count} without the lock: whether a locked stack is worth locking for (the
         * owner asks whenever its own stack of a class runs dry). Opaque, so the read is made
         * every time; a stale answer only costs a lock or an allocation that need not have been.
         */
        private static final VarHandle COUNT;

        static {
            try {
                COUNT = MethodHandles.lookup().findVarHandle(Stack.class, "count", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Held around every change when the stack is shared; {@code null} when it is not. */
        private final ReentrantLock lock;
        private final int capacity;
        private Object[] items;
        /** How many items there are; plain, so that the owner's stacks cost no fence. */
        private int count;

        Stack(int capacity, boolean locked) {
            this.capacity = capacity;
            this.lock = locked ? new ReentrantLock() : null;
        }

        T pop() {
            if (lock == null) {
                return popHere();
            }
            if ((int) COUNT.getOpaque(this) == 0) {
                return null;
            }
            lock.lock();
            try {
                return popHere();
            } finally {
                lock.unlock();
            }
        }

        void push(T item) {
            if (lock == null) {
                pushHere(item);
                return;
            }
            lock.lock();
            try {
                pushHere(item);
            } finally {
                lock.unlock();
            }
        }

        @SuppressWarnings("unchecked")
        private T popHere() {
            int n = count;
            if (n == 0) {
                return null;
            }
            T item = (T) items[--n];
            items[n] = null;
            count = n;
            return item;
        }

        private void pushHere(T item) {
            int n = count;
            if (n == capacity) {
                return;
            }
            if (items == null) {
                items = new Object[capacity];
            }
            items[n] = item;
            count = n + 1;
        }
    }
}
