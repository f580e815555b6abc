package dev.weft.transport.loom;

import dev.weft.codec.engine.Outbound;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One connected socket as the connection's threads see it: blocking reads and writes, plain or
 * TLS. A read and a write may run at the same time on different threads; two reads, or two
 * writes, never do.
 */
sealed interface Link permits PlainLink, TlsLink {

    /**
     * Runs the TLS handshake, if any, now, so that its failure can be reported as such.
     *
     * @throws IOException if the handshake fails
     */
    void handshake() throws IOException;

    /**
     * Reads what is available, blocking until something is.
     *
     * @param into a buffer owned by the caller (direct on the hot path); bytes go from its
     *             position, which advances
     * @return the number of bytes read, or -1 at end of stream
     * @throws IOException if the socket failed or was closed
     */
    int read(ByteBuffer into) throws IOException;

    /**
     * Writes every byte of the batch, in order, blocking while the peer does not read. Buffers'
     * positions advance; their contents are not changed. File regions are sent after their
     * buffers, and their channels closed whatever happens.
     *
     * @param batch output polled from the engine
     * @throws IOException if the socket failed or was closed
     */
    void write(List<Outbound> batch) throws IOException;

    /**
     * Returns when a write last moved part of a file region to the socket, so that a long file
     * sent to a peer that reads it slowly counts as progress before the whole of it is written
     * (the handshake, idle and close-wait timers measure silence, not how long a response takes).
     *
     * @return {@link System#nanoTime()} of the last file chunk written, or 0 before any
     */
    long fileProgressNanos();

    /** Closes gracefully: for TLS, a close_notify first. Never throws. */
    void close();

    /** Closes the socket at once, unblocking any thread in a read or write. Never throws. */
    void abort();
}
