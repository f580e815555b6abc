package dev.weft.codec.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Bytes a connection wants written, with what to tell once they are.
 *
 * <p>The buffers are to be written in order, each from position to limit, ideally with one
 * gathering write; a transport must not change their contents. Then, if there is a
 * {@link #file()}, its region follows (and the transport closes its channel). Once all of it is
 * written the transport calls {@link #complete()}; if the connection dies first, it calls
 * {@link #fail(Throwable)}. Exactly one of the two, once.
 *
 * <p>Frames an engine builds live in buffers lent by its {@link OutputPool}, and the shell itself
 * comes from there too: {@link #complete()} and {@link #fail(Throwable)} give both back. From that
 * call on, the transport must not touch this object or its buffers again; it may be carrying
 * another frame already. Either may be called from any thread: an event loop that calls them on
 * its own thread gives back to its pool without a lock, any other thread through the pool's locked
 * side (see {@link OutputPool}'s rule on threads).
 *
 * <p>A send made with a completion stage has a {@link #written()} future; a send made without one
 * ({@link WebSocketProtocol#offerBinary(ByteBuffer)}) reports a failure to the engine's
 * {@link SendFailures} instead, so that it is never silently dropped.
 */
public final class Outbound {

    private ByteBuffer[] buffers;
    private FileRegion file;
    private CompletableFuture<Void> written;
    /** Where a send without a future reports its failure; {@code null} for a send with one. */
    private SendFailures failures;
    /** The pool the buffers (and this shell) go back to, or {@code null} if they are not pooled. */
    private OutputPool pool;
    /** How many of {@link #buffers} came from {@link #pool}, counting from the first. */
    private int pooledBuffers;
    /**
     * What the engine counted this output as in its queue ({@link WebSocketProtocol#queuedBytes()}),
     * kept so that taking it off the queue subtracts the same without walking the buffers again.
     */
    long accounted;
    /**
     * How many frames sent without a completion stage share the buffer: each is a message whose
     * failure {@link SendFailures} must hear of (see {@link #roomFor}).
     */
    private int frames = 1;
    /** A one-element array kept with the shell, for the usual frame that fits in one buffer. */
    private final ByteBuffer[] one = new ByteBuffer[1];

    /**
     * Creates output made of buffers and a file region, not pooled.
     *
     * @param buffers the bytes, in order; owned by the transport until written
     * @param file    a file region to send after the buffers, or {@code null}
     * @param written completed by the transport when every byte is written
     */
    public Outbound(ByteBuffer[] buffers, FileRegion file, CompletableFuture<Void> written) {
        this.buffers = buffers;
        this.file = file;
        this.written = written;
    }

    /**
     * Creates output made of buffers only, not pooled.
     *
     * @param buffers the bytes, in order
     * @param written completed by the transport when every byte is written
     */
    public Outbound(ByteBuffer[] buffers, CompletableFuture<Void> written) {
        this(buffers, null, written);
    }

    private Outbound() {
    }

    /**
     * Returns a shell from {@code pool} (or a new one) carrying {@code frame}, one buffer the pool
     * lent.
     */
    static Outbound pooled(OutputPool pool, ByteBuffer frame, CompletableFuture<Void> written, SendFailures failures) {
        Outbound o = pool.shell();
        if (o == null) {
            o = new Outbound();
        }
        o.one[0] = frame;
        o.buffers = o.one;
        o.file = null;
        o.written = written;
        o.failures = failures;
        o.pool = pool.isPooled() ? pool : null;
        o.pooledBuffers = 1;
        return o;
    }

    /**
     * Returns the room behind this output's frames for another frame of {@code length} bytes, or
     * {@code null} if it cannot take it there. Small frames sent one after another (sixteen echo
     * replies in a turn) then share one pooled buffer and reach the socket as one write, not one
     * I/O vector entry each, and nothing is copied twice.
     *
     * <p>Only an output still in the engine's queue (never polled, so no transport holds it) may be
     * asked. Only frames nobody waits for individually are packed: no completion stage, and the
     * same {@link SendFailures} (or none), which then hears of each packed frame if the buffer is
     * never written. The buffer's class is not grown for it: a frame that does not fit starts a
     * new output.
     *
     * @param length   the frame's whole length, header included
     * @param failures where the new frame's failure would be reported
     * @return the buffer, positioned at the end of the frames already in it with its limit at its
     *         capacity, for {@link #packed} to close; or {@code null}
     */
    ByteBuffer roomFor(int length, SendFailures failures) {
        if (pool == null || written != null || file != null || buffers != one || this.failures != failures) {
            return null;
        }
        ByteBuffer b = one[0];
        if (b.position() != 0 || b.capacity() - b.limit() < length) {
            return null;
        }
        return b.position(b.limit()).limit(b.capacity());
    }

    /**
     * Closes a buffer {@link #roomFor} returned once a frame has been written into it: the output
     * then runs from its first frame to the end of the new one.
     */
    void packed(ByteBuffer room) {
        room.flip();
        frames++;
    }

    /** Returns a shell from {@code pool} carrying {@code frame}, several buffers the pool lent. */
    static Outbound pooled(OutputPool pool, ByteBuffer[] frame, CompletableFuture<Void> written, SendFailures failures) {
        Outbound o = pooled(pool, frame[0], written, failures);
        o.one[0] = null;
        o.buffers = frame;
        o.pooledBuffers = frame.length;
        return o;
    }

    /**
     * Returns the bytes, in order, each to be written from position to limit.
     *
     * @return the buffers; lent to the transport until {@link #complete()} or {@link #fail(Throwable)}
     */
    public ByteBuffer[] buffers() {
        return buffers;
    }

    /**
     * Returns the file region to send after the buffers.
     *
     * @return the region, or {@code null}
     */
    public FileRegion file() {
        return file;
    }

    /**
     * Returns the future the sender holds, completed by {@link #complete()} or failed by
     * {@link #fail(Throwable)}.
     *
     * @return the future, or {@code null} for a send made without one
     */
    public CompletableFuture<Void> written() {
        return written;
    }

    /**
     * Returns how many bytes remain to be written.
     *
     * @return the sum of the buffers' remaining bytes, plus the file region's length
     */
    public long remaining() {
        long n = file == null ? 0 : file.count();
        for (ByteBuffer b : buffers) {
            n += b.remaining();
        }
        return n;
    }

    /**
     * Says every byte is written: gives the buffers and this shell back to the pool, then completes
     * the sender's future. The caller lets go of this object before the call.
     */
    public void complete() {
        CompletableFuture<Void> f = written;
        release();
        if (f != null) {
            f.complete(null);
        }
    }

    /**
     * Says the bytes will never be written: gives the buffers and this shell back, then fails the
     * sender's future, or tells the engine's {@link SendFailures} for a send made without one.
     *
     * @param cause why, usually a {@link SendRefusedException}
     */
    public void fail(Throwable cause) {
        CompletableFuture<Void> f = written;
        SendFailures sink = failures;
        int lost = frames;
        release();
        if (f != null) {
            f.completeExceptionally(cause);
        } else if (sink != null) {
            for (int i = 0; i < lost; i++) {
                sink.sendFailed(cause); // once per message: each was accepted on its own
            }
        }
    }

    private void release() {
        OutputPool p = pool;
        written = null;
        failures = null;
        file = null;
        frames = 1;
        if (p == null) {
            return;
        }
        for (int i = 0; i < pooledBuffers; i++) {
            p.give(buffers[i]);
        }
        one[0] = null;
        buffers = one;
        pool = null;
        pooledBuffers = 0;
        p.recycle(this);
    }
}
