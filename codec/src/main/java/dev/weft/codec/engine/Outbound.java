package dev.weft.codec.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Bytes a connection wants written, with the completion to signal once they are.
 *
 * <p>The buffers are to be written in order, each from position to limit, ideally with one
 * gathering write; a transport must not change their contents. Once all of them are written it
 * completes {@link #written()}; if the connection dies first, it completes it exceptionally.
 *
 * @param buffers the bytes, in order; owned by the transport until written
 * @param written completed by the transport when every byte is written
 */
public record Outbound(ByteBuffer[] buffers, CompletableFuture<Void> written) {

    /**
     * Returns how many bytes remain to be written.
     *
     * @return the sum of the buffers' remaining bytes
     */
    public long remaining() {
        long n = 0;
        for (ByteBuffer b : buffers) {
            n += b.remaining();
        }
        return n;
    }
}
