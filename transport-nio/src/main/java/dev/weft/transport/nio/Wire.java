package dev.weft.transport.nio;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The byte pipe under a connection: plain TCP, or TLS over it. Non-blocking: every call does what
 * it can now and says how far it got.
 */
interface Wire {

    /**
     * Reads what the socket has and puts the application bytes into {@code dst}.
     *
     * @param dst a buffer in fill mode, at least as large as a TLS record's plaintext
     * @return the bytes put, 0 if none yet, -1 at the end of the stream
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes as much of {@code srcs[0..length)} as the socket takes now, in one gathering write
     * where the wire can.
     *
     * @return whether every byte of those buffers, and everything the wire held back, is on the socket
     */
    boolean write(ByteBuffer[] srcs, int length) throws IOException;

    /**
     * Returns whether the wire holds bytes of its own not yet on the socket (TLS records, handshake messages).
     */
    boolean hasPendingOutput();

    /**
     * Returns whether the wire is waiting for something other than the socket (TLS delegated tasks);
     * while it is, neither reads nor writes make progress.
     */
    boolean isSuspended();

    /** Returns whether file regions may be sent with {@code transferTo}, straight from the page cache. */
    boolean allowsZeroCopy();

    /** Ends the wire: for TLS, a close_notify is attempted first. Never throws. */
    void close();
}
