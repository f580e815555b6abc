package dev.weft.transport.nio;

import java.nio.ByteBuffer;

/**
 * How far a channel has sent the file region at the head of its output. Made at a channel's first
 * file, so that the many connections that never send one carry none of it; kept after that, with
 * its chunk, for the next file. Loop thread only.
 */
final class FileSend {

    /** The chunk a file is read through where the wire cannot take it by {@code transferTo} (TLS). */
    static final int CHUNK_BYTES = 16 * 1024;

    /** Bytes of the current file region already on the socket. */
    long sent;
    /**
     * The part of the file read and not yet written, between position and limit; heap, made at the
     * first file that needs it. Owned by the channel, never lent.
     */
    ByteBuffer chunk;
}
