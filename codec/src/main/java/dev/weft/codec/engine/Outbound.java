package dev.weft.codec.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Bytes a connection wants written, with the completion to signal once they are.
 *
 * <p>The buffers are to be written in order, each from position to limit, ideally with one
 * gathering write; a transport must not change their contents. Then, if there is a
 * {@link #file()}, its region follows (and the transport closes its channel). Once all of it is
 * written the transport completes {@link #written()}; if the connection dies first, it completes
 * it exceptionally.
 *
 * @param buffers the bytes, in order; owned by the transport until written
 * @param file    a file region to send after the buffers, or {@code null}
 * @param written completed by the transport when every byte is written
 */
public record Outbound(ByteBuffer[] buffers, FileRegion file, CompletableFuture<Void> written) {

    /**
     * Creates output made of buffers only.
     *
     * @param buffers the bytes, in order
     * @param written completed by the transport when every byte is written
     */
    public Outbound(ByteBuffer[] buffers, CompletableFuture<Void> written) {
        this(buffers, null, written);
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
}
