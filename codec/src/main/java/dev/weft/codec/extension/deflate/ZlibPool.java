package dev.weft.codec.extension.deflate;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Where one {@link PerMessageDeflate} gets its zlib streams, and what keeps count of them.
 *
 * <p>A stream held for a connection's life (context takeover) is made here and ended here; a
 * stream used for one message (no context takeover) is borrowed and given back, reset, and kept
 * for the next borrower up to the pool's size, beyond which it is ended. So native memory grows
 * with the messages in flight, not with the connections open. Every stream made here is ended
 * here or kept idle in the pool: {@link #open()} minus {@link #idle()} is what connections hold,
 * which tests use to prove nothing leaks. Thread-safe: connections on many threads share one pool.
 */
final class ZlibPool {
    private final int level;
    private final int size;
    private final ArrayDeque<Deflater> deflaters = new ArrayDeque<>();
    private final ArrayDeque<Inflater> inflaters = new ArrayDeque<>();
    private final ArrayDeque<byte[]> scratches = new ArrayDeque<>();
    /** Decompressors' output chunks, all of {@link MessageInflater#CHUNK} bytes. */
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final AtomicLong open = new AtomicLong();

    ZlibPool(int level, int size) {
        this.level = level;
        this.size = size;
    }

    /** A raw-deflate compressor (§7.2.1 uses no zlib header), fresh or from the pool. */
    Deflater deflater() {
        synchronized (this) {
            Deflater d = deflaters.poll();
            if (d != null) {
                return d;
            }
        }
        open.incrementAndGet();
        return new Deflater(level, true);
    }

    /** A raw-inflate decompressor, fresh or from the pool. */
    Inflater inflater() {
        synchronized (this) {
            Inflater i = inflaters.poll();
            if (i != null) {
                return i;
            }
        }
        open.incrementAndGet();
        return new Inflater(true);
    }

    /** Gives a compressor back: reset and kept, or ended when the pool is full. */
    void release(Deflater d) {
        d.reset();
        synchronized (this) {
            if (deflaters.size() < size) {
                deflaters.push(d);
                return;
            }
        }
        end(d);
    }

    /** Gives a decompressor back: reset and kept, or ended when the pool is full. */
    void release(Inflater i) {
        i.reset();
        synchronized (this) {
            if (inflaters.size() < size) {
                inflaters.push(i);
                return;
            }
        }
        end(i);
    }

    /**
     * Scratch arrays larger than this are left to the garbage collector when given back, so a
     * rare huge message does not leave a huge array in the pool.
     */
    static final int MAX_KEPT_SCRATCH = 256 * 1024;

    /**
     * An array for a compressor to write one message into before the result is copied out at its
     * exact size: from the pool when one there is large enough, else new. Shared like the streams,
     * so no connection holds one between messages.
     *
     * @param atLeast the bytes wanted
     * @return an array of at least {@code atLeast} bytes, the caller's until {@link #release(byte[])}
     */
    byte[] scratch(int atLeast) {
        synchronized (this) {
            byte[] b = scratches.poll();
            if (b != null && b.length >= atLeast) {
                return b;
            }
        }
        // A pooled array too small is dropped: the new, larger one takes its place when given back.
        return new byte[atLeast];
    }

    /** Gives a scratch array back, kept up to the pool's size and {@link #MAX_KEPT_SCRATCH}. */
    void release(byte[] scratch) {
        if (scratch.length > MAX_KEPT_SCRATCH) {
            return;
        }
        synchronized (this) {
            if (scratches.size() < size) {
                scratches.push(scratch);
            }
        }
    }

    /**
     * An array of {@link MessageInflater#CHUNK} bytes for a borrowed decompressor to inflate one
     * message into, piece by piece: from the pool, or new. Kept apart from the compressors'
     * scratch arrays, which are of many sizes, so that neither drops the other's.
     *
     * @return the caller's until {@link #releaseChunk(byte[])}
     */
    byte[] chunk() {
        synchronized (this) {
            byte[] c = chunks.poll();
            if (c != null) {
                return c;
            }
        }
        return new byte[MessageInflater.CHUNK];
    }

    /** Gives a chunk back, kept up to the pool's size. */
    void releaseChunk(byte[] chunk) {
        synchronized (this) {
            if (chunks.size() < size) {
                chunks.push(chunk);
            }
        }
    }

    /** Frees a compressor's native memory now. */
    void end(Deflater d) {
        d.end();
        open.decrementAndGet();
    }

    /** Frees a decompressor's native memory now. */
    void end(Inflater i) {
        i.end();
        open.decrementAndGet();
    }

    /** Streams made and not yet ended, idle ones included. */
    long open() {
        return open.get();
    }

    /** Streams idle in the pool. */
    synchronized int idle() {
        return deflaters.size() + inflaters.size();
    }
}
