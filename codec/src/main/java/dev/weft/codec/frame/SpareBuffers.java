package dev.weft.codec.frame;

import java.nio.ByteBuffer;

/**
 * Assembly buffers between messages, shared by the connections of one {@link AssemblyBudget}:
 * a connection takes one when a message spans reads and gives it back once the message is
 * delivered, so a connection that has gone quiet holds none, while a busy one finds a buffer here
 * every time and allocates nothing.
 *
 * <p>Before, each connection kept its last buffer of up to 64 KiB for its next message. A
 * compressed connection, whose every message is assembled from an inflater's pieces, kept 1 KiB
 * after one 1 KiB message and held it while idle for hours: most of what compression added to an
 * idle connection. Here the memory follows the messages in flight, not the connections open.
 *
 * <p>Buffers come in classes of powers of two from {@value #SMALLEST} to {@value #LARGEST} bytes,
 * so that one given back fits the next message of about its size; larger ones are not kept. Each
 * class keeps at most {@value #MOST_PER_CLASS} buffers and at most {@value #CLASS_BYTES} bytes,
 * so all the classes together hold at most about 3 MiB, whatever the number of connections.
 *
 * <p>Buffers are wrappers of heap arrays ({@link ByteBuffer#hasArray()}); the wrapper comes back
 * with its array so that reuse allocates nothing. A buffer given back is the shelf's: its content
 * and its position and limit are left as they were, and the next taker sets them. Thread-safe.
 */
final class SpareBuffers {

    /** The smallest class, in bytes. */
    static final int SMALLEST = 256;
    /** The largest class, in bytes: buffers above it are made for their message alone. */
    static final int LARGEST = 64 * 1024;
    private static final int MOST_PER_CLASS = 64;
    private static final int CLASS_BYTES = 1024 * 1024;
    private static final int CLASSES = Integer.numberOfTrailingZeros(LARGEST) - Integer.numberOfTrailingZeros(SMALLEST) + 1;

    private final ByteBuffer[][] shelves = new ByteBuffer[CLASSES][];
    private final int[] counts = new int[CLASSES];
    /** How many buffers {@link #take} has made because the shelf had none: for tests. */
    private long made;

    /**
     * Returns the capacity a buffer for {@code bytes} is made with: the class that holds them, or
     * exactly {@code bytes} above the largest class.
     *
     * @param bytes at least 0
     * @return the capacity to ask {@link #take} for
     */
    static int capacityFor(int bytes) {
        if (bytes > LARGEST) {
            return bytes;
        }
        return Math.max(SMALLEST, Integer.highestOneBit(Math.max(1, bytes - 1)) << 1);
    }

    /**
     * Returns a buffer of {@code capacity} bytes, from the shelf if one is there, else new.
     *
     * @param capacity a value of {@link #capacityFor}
     * @return a buffer the caller owns until it gives it back, its position and limit unspecified
     * @throws OutOfMemoryError if a new one cannot be made
     */
    ByteBuffer take(int capacity) {
        if (capacity <= LARGEST) {
            int c = classOf(capacity);
            synchronized (this) {
                if (counts[c] > 0) {
                    ByteBuffer b = shelves[c][--counts[c]];
                    shelves[c][counts[c]] = null;
                    return b;
                }
                made++;
            }
        }
        return ByteBuffer.wrap(new byte[capacity]);
    }

    /**
     * Gives a buffer back: kept for the next taker if its class has room, else left to the
     * garbage collector.
     *
     * @param buffer a buffer from {@link #take}; the caller no longer uses it
     */
    void give(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        if (capacity > LARGEST || capacity != capacityFor(capacity)) {
            return;
        }
        int c = classOf(capacity);
        synchronized (this) {
            if (shelves[c] == null) {
                shelves[c] = new ByteBuffer[Math.min(MOST_PER_CLASS, CLASS_BYTES / capacity)];
            }
            if (counts[c] < shelves[c].length) {
                shelves[c][counts[c]++] = buffer;
            }
        }
    }

    /** How many buffers of this shelf's classes have been made: a test's check of reuse. */
    synchronized long made() {
        return made;
    }

    /** How many buffers are on the shelf now. */
    synchronized int spare() {
        int n = 0;
        for (int count : counts) {
            n += count;
        }
        return n;
    }

    private static int classOf(int capacity) {
        return Integer.numberOfTrailingZeros(capacity) - Integer.numberOfTrailingZeros(SMALLEST);
    }
}
