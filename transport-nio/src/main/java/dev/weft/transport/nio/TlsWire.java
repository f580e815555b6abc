package dev.weft.transport.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking socket, through an {@link SSLEngine}. The handshake runs on the event
 * loop as a side effect of reads and writes; the engine's delegated tasks (certificate checks,
 * key exchange) run on a virtual thread, and {@code resume} brings the connection back to its
 * loop when they are done.
 */
final class TlsWire implements Wire {
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final SocketChannel socket;
    private final SSLEngine engine;
    private final Runnable resume;
    /** Bytes read from the socket and not yet unwrapped; fill mode. */
    private ByteBuffer netIn;
    /** Records wrapped and not yet written; fill mode: [0, position) is pending. */
    private final ByteBuffer netOut;
    private volatile boolean tasksRunning;
    /** What a delegated task threw, if one did: the next read or write fails the connection with it. */
    private volatile Throwable taskFailure;
    private boolean inboundClosed;

    TlsWire(SocketChannel socket, SSLEngine engine, Runnable resume) {
        this.socket = socket;
        this.engine = engine;
        this.resume = resume;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
    }

    /** The smallest read buffer this wire can unwrap into. */
    int applicationBufferSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkTasks();
        if (tasksRunning) {
            return 0;
        }
        int n = socket.read(netIn);
        int produced = unwrapInto(dst);
        if (produced == 0 && (n < 0 || inboundClosed)) {
            return -1;
        }
        return produced;
    }

    private int unwrapInto(ByteBuffer dst) throws IOException {
        int start = dst.position();
        while (!tasksRunning) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                break;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                if (!wrap(NOTHING)) {
                    break; // the socket is full; the write side resumes the handshake
                }
                continue;
            }
            netIn.flip();
            SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, dst);
            } finally {
                netIn.compact();
            }
            switch (result.getStatus()) {
                case OK -> {
                    if (result.bytesConsumed() == 0 && result.bytesProduced() == 0
                            && result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP
                            && result.getHandshakeStatus() != HandshakeStatus.NEED_TASK) {
                        return dst.position() - start;
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    if (netIn.position() == netIn.capacity()) {
                        // A record larger than the buffer: grow to the session's packet size.
                        ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, engine.getSession().getPacketBufferSize()));
                        bigger.put(netIn.flip());
                        netIn = bigger;
                    }
                    return dst.position() - start;
                }
                case BUFFER_OVERFLOW -> {
                    if (dst.position() == start) {
                        throw new SSLException("read buffer smaller than a TLS record");
                    }
                    return dst.position() - start;
                }
                case CLOSED -> {
                    inboundClosed = true;
                    return dst.position() - start;
                }
            }
        }
        return dst.position() - start;
    }

    @Override
    public boolean write(ByteBuffer[] srcs, int length) throws IOException {
        checkTasks();
        if (tasksRunning) {
            return false;
        }
        if (!flushNet()) {
            return false;
        }
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                return false;
            }
            if (hs == HandshakeStatus.NEED_UNWRAP && !remainingIn(srcs, length)) {
                return true;
            }
            if (hs == HandshakeStatus.NEED_UNWRAP) {
                return false; // application data waits until the peer's handshake messages arrive
            }
            boolean handshaking = hs == HandshakeStatus.NEED_WRAP;
            if (!handshaking && !remainingIn(srcs, length)) {
                return true;
            }
            SSLEngineResult result = engine.wrap(srcs, 0, length, netOut);
            switch (result.getStatus()) {
                case OK -> {
                    if (!flushNet()) {
                        return false;
                    }
                }
                case BUFFER_OVERFLOW -> {
                    if (!flushNet()) {
                        return false;
                    }
                }
                case CLOSED -> throw new SSLException("TLS connection closed");
                case BUFFER_UNDERFLOW -> throw new SSLException("unexpected TLS wrap underflow");
            }
        }
    }

    /** Wraps handshake output; returns whether it all reached the socket. */
    private boolean wrap(ByteBuffer[] srcs) throws IOException {
        SSLEngineResult result = engine.wrap(srcs, netOut);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            if (!flushNet()) {
                return false;
            }
            engine.wrap(srcs, netOut);
        }
        return flushNet();
    }

    private boolean flushNet() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        try {
            socket.write(netOut);
        } finally {
            netOut.compact();
        }
        return netOut.position() == 0;
    }

    private static boolean remainingIn(ByteBuffer[] srcs, int length) {
        for (int i = 0; i < length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the engine's delegated tasks on a virtual thread. Whatever a task throws (an
     * {@link Error} included) is kept for the loop, which fails this connection with it at its next
     * read or write; {@code tasksRunning} is cleared in every case, so the connection never hangs
     * waiting for tasks that ended.
     */
    private void runTasks() throws SSLException {
        tasksRunning = true;
        try {
            Thread.ofVirtual().name("weft-nio-tls-task").start(() -> {
                try {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                } catch (Throwable t) {
                    taskFailure = t;
                } finally {
                    tasksRunning = false;
                    resume.run();
                }
            });
        } catch (Throwable t) {
            tasksRunning = false;
            throw failure("no thread for the TLS handshake's tasks", t);
        }
    }

    private void checkTasks() throws SSLException {
        Throwable t = taskFailure;
        if (t != null) {
            throw failure("a TLS handshake task failed", t);
        }
    }

    private static SSLException failure(String message, Throwable cause) {
        return new SSLException(message + ": " + cause, cause);
    }

    @Override
    public boolean hasPendingOutput() {
        return netOut.position() > 0;
    }

    @Override
    public boolean isSuspended() {
        return tasksRunning;
    }

    @Override
    public boolean allowsZeroCopy() {
        return false;
    }

    @Override
    public void close() {
        try {
            engine.closeOutbound();
            if (!tasksRunning) {
                engine.wrap(NOTHING, netOut); // the close_notify alert
                flushNet();
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: the peer may already be gone
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is the goal
        }
    }
}
