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

    private void runTasks() {
        tasksRunning = true;
        Thread.ofVirtual().name("weft-nio-tls-task").start(() -> {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
            tasksRunning = false;
            resume.run();
        });
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
