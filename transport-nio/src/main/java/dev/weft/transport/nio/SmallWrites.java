package dev.weft.transport.nio;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Merges a gathering write of many small frames into one buffer before it reaches the socket. A
 * batch of sixteen 16-byte echoes is sixteen buffers; written as they are, the JDK fills an I/O
 * vector entry for each and the kernel copies each on its own, which costs more than copying
 * them into one buffer here and writing that (about a third less CPU per write of sixteen small
 * frames over loopback). Large frames go out as they are: copying them costs more than it saves.
 *
 * <p>The merged copy is only a vehicle: the frames' own buffers stay the record of what is
 * written. After the write their positions move on by what the socket took, in order, exactly as
 * a gathering write would have moved them, so a partial write leaves the rest where the caller
 * looks for it, and the scratch buffer is free again when {@link #write} returns.
 *
 * <p>One per event loop, touched by its thread alone, like the loop's read buffer; plain TCP
 * only, where the bytes go to the socket as they are.
 */
final class SmallWrites {

    /** Frames up to this many bytes are merged; a batch with a larger one is written as it is. */
    static final int MAX_FRAME = 512;
    /** Room for a whole batch of small frames: NioChannel takes at most 64 outputs per write. */
    static final int CAPACITY = 64 * MAX_FRAME;

    /** Made at the first merged write: a loop that only ever writes large frames needs none. */
    private ByteBuffer scratch;
    private final ByteBuffer[] one = new ByteBuffer[1];

    /**
     * Returns whether {@code srcs[0..length)} are worth merging: more than one, each small, and
     * all of them fitting in the scratch buffer.
     */
    boolean worthMerging(ByteBuffer[] srcs, int length) {
        if (length < 2) {
            return false;
        }
        int total = 0;
        for (int i = 0; i < length; i++) {
            int r = srcs[i].remaining();
            if (r > MAX_FRAME) {
                return false;
            }
            total += r;
        }
        return total <= CAPACITY;
    }

    /**
     * Copies {@code srcs[0..length)} into one buffer, writes it to {@code wire}, and moves the
     * sources' positions on by what was written, in order. The caller has checked
     * {@link #worthMerging}.
     *
     * @param srcs   the frames, each from position to limit; their contents are only read, their
     *               positions move as a gathering write moves them
     * @return whether everything was written
     * @throws IOException if the socket fails; the sources' positions have not moved
     */
    boolean write(Wire wire, ByteBuffer[] srcs, int length) throws IOException {
        ByteBuffer merged = scratch;
        if (merged == null) {
            merged = scratch = ByteBuffer.allocateDirect(CAPACITY);
        }
        merged.clear();
        int at = 0;
        for (int i = 0; i < length; i++) {
            ByteBuffer src = srcs[i];
            int r = src.remaining();
            merged.put(at, src, src.position(), r);
            at += r;
        }
        merged.limit(at);
        one[0] = merged;
        boolean all;
        try {
            all = wire.write(one, 1);
        } finally {
            one[0] = null;
        }
        int written = merged.position();
        for (int i = 0; i < length && written > 0; i++) {
            ByteBuffer src = srcs[i];
            int n = Math.min(src.remaining(), written);
            src.position(src.position() + n);
            written -= n;
        }
        return all;
    }
}
