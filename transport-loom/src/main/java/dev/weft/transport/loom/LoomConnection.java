package dev.weft.transport.loom;

import dev.weft.codec.api.HandlerDispatch;
import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ClientConnection;
import dev.weft.codec.engine.Connection;
import dev.weft.codec.engine.ConnectionState;
import dev.weft.codec.engine.Outbound;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.engine.ProtocolEvent;
import dev.weft.codec.engine.ServerConnection;
import dev.weft.codec.engine.WebSocketProtocol;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.HandshakeException;
import dev.weft.codec.http.HttpLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * One TCP connection on the Loom transport: the codec's {@link Connection} engine, driven by two
 * virtual threads.
 *
 * <ul>
 *   <li>The <b>reader</b> ({@code weft-loom-conn-<peer>}) reads, feeds the engine under
 *       {@link #lock}, and hands the engine's events to the application outside it, one at a time
 *       and in order: every handler call of the connection happens on this thread. While the
 *       engine is not writable it stops reading, so a peer that does not read is not read from
 *       either. It waits in read with a small buffer of its own and borrows a large one from the
 *       transport's pool only for bytes known to be waiting, so an idle connection holds no large
 *       buffer.</li>
 *   <li>The <b>writer</b> ({@code weft-loom-write-<peer>}) polls output from the engine under the
 *       lock, writes it outside the lock (blocking while the peer does not read), completes the
 *       sends' futures, and closes TCP once the engine asks for it and everything is written.</li>
 * </ul>
 *
 * <p>A send from any thread takes the lock, queues into the engine (which refuses past its queue
 * limit) and wakes the writer: it never blocks on the network. Output is polled one batch at a
 * time, so the engine's water marks count what is truly unwritten. Futures are never completed
 * while the lock is held, so their callbacks may send again from any thread.
 *
 * <p>Timers (handshake, idle, close-wait) run on the transport's single timer thread; a timer only
 * tells the engine and, when TCP must go, closes the socket, which wakes the reader.
 */
final class LoomConnection {

    /** Which deadline applies, from the engine's state. */
    private enum Deadline {
        NONE,
        HANDSHAKE,
        IDLE,
        CLOSE_WAIT
    }

    /**
     * The reader's own buffer: enough for a request head or a burst of small frames, and small,
     * since every idle connection holds one while it waits in read.
     */
    static final int OWN_READ_BUFFER = 512;
    /** Small outputs are gathered into one write up to about this many bytes. */
    private static final long BATCH_BYTES = 64 * 1024;
    private static final int CLIENT_END_WAIT_MS = 5_000;

    private final LoomTransport transport;
    private final Connection engine;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled after every change of the engine: output queued, writable again, closing. */
    private final Condition changed = lock.newCondition();
    private final LoomSession session = new LoomSession(this);
    private final Consumer<LoomConnection> onEnd;
    /** Client only: completes with the session at Opened, or fails. */
    private final CompletableFuture<WebSocketSession> opening;
    /** Client only: the handler, given out only once the connection is open. */
    private final WebSocketHandler clientHandler;

    /** The handler, once open; read and written by the reader thread only. */
    private WebSocketHandler handler;
    private volatile SocketChannel channel;
    private volatile Link link;
    private volatile InetSocketAddress remote;
    private volatile String subprotocol;
    private volatile boolean dead;
    /** Set when the handshake timer fired, to tell a timeout from a TLS failure. */
    private volatile boolean handshakeExpired;
    /** The last time bytes moved either way; the idle timer measures from it. */
    private volatile long lastRead = System.nanoTime();
    private volatile long lastProgress = System.nanoTime();
    private volatile Thread reader;
    private volatile Thread writer;

    // Guarded by lock.
    private boolean started;
    private boolean drainThenClose;
    private Deadline deadline = Deadline.NONE;
    private ScheduledFuture<?> timer;

    private LoomConnection(LoomTransport transport, Connection engine, Consumer<LoomConnection> onEnd,
                           CompletableFuture<WebSocketSession> opening, WebSocketHandler clientHandler) {
        this.transport = transport;
        this.engine = engine;
        this.onEnd = onEnd;
        this.opening = opening;
        this.clientHandler = clientHandler;
    }

    /** A connection a server accepted; {@link #serve} runs it. */
    static LoomConnection accepted(LoomTransport transport, SocketChannel channel, RequestRouter router,
                                   HttpLimits limits, Consumer<LoomConnection> onEnd) throws IOException {
        LoomConnection c = new LoomConnection(transport, new ServerConnection(router, limits), onEnd, null, null);
        c.channel = channel;
        c.remote = (InetSocketAddress) channel.getRemoteAddress();
        return c;
    }

    /** A client connection; {@link #connectAndServe} runs it. */
    static LoomConnection client(LoomTransport transport, ClientHandshake handshake, ProtocolConfig config,
                                 WebSocketHandler handler, CompletableFuture<WebSocketSession> opening,
                                 Consumer<LoomConnection> onEnd) {
        return new LoomConnection(transport, new ClientConnection(handshake, config), onEnd, opening, handler);
    }

    // ---------------------------------------------------------------- the reader thread

    /** Runs an accepted connection to its end, on its reader thread. */
    void serve(SSLContext tls) {
        reader = Thread.currentThread();
        try {
            link = tls == null ? new PlainLink(channel) : TlsSockets.server(tls, channel);
            start();
            link.handshake();
            startWriter();
            readLoop();
        } catch (IOException | RuntimeException e) {
            // A TLS handshake that failed or a socket that broke before any WebSocket existed:
            // nobody is owed an event. After the upgrade, readLoop reports the end itself.
        } finally {
            end();
        }
    }

    /** Resolves, connects, runs TLS and the opening handshake, then the connection, on its reader thread. */
    void connectAndServe(ClientHandshake handshake, SSLContext tls, Duration connectTimeout) {
        reader = Thread.currentThread();
        try {
            channel = Dialer.open(handshake.host(), handshake.port(), connectTimeout, this::adopt);
            remote = (InetSocketAddress) channel.getRemoteAddress();
            Thread.currentThread().setName("weft-loom-conn-" + remote);
            link = handshake.secure() ? TlsSockets.client(tls, channel, handshake.host(), handshake.port())
                    : new PlainLink(channel);
            start();
            try {
                link.handshake();
            } catch (IOException e) {
                throw tlsFailure(e);
            }
            startWriter();
            readLoop();
        } catch (IOException | RuntimeException e) {
            opening.completeExceptionally(e);
        } finally {
            end();
        }
    }

    /** Takes the channel being connected, so that {@link #abort} can close it; false if already aborted. */
    private boolean adopt(SocketChannel connecting) {
        channel = connecting;
        return !dead;
    }

    private IOException tlsFailure(IOException e) {
        if (handshakeExpired) {
            throw new HandshakeException(0, "the opening handshake timed out (during the TLS handshake)");
        }
        SSLHandshakeException failure = new SSLHandshakeException("TLS handshake failed: " + e.getMessage());
        failure.initCause(e);
        return failure;
    }

    /** Arms the handshake timer: from now on the engine's state decides the deadline. */
    private void start() {
        lock.lock();
        try {
            started = true;
            lastProgress = System.nanoTime();
            changedLocked();
        } finally {
            lock.unlock();
        }
    }

    private void startWriter() {
        writer = Thread.ofVirtual().name("weft-loom-write-" + remote).start(this::writeLoop);
    }

    private void readLoop() {
        // The reader waits in read with a buffer of its own, small because every idle connection
        // holds one. Only when a read filled it and more bytes are known to be waiting does it
        // borrow a large buffer, for a read that cannot block, and give it back straight after.
        ByteBuffer own = ByteBuffer.allocate(OWN_READ_BUFFER);
        BufferPool pool = transport.readBuffers();
        boolean filled = false;
        try {
            while (awaitWritable()) {
                ByteBuffer buffer = filled && link.available() > own.capacity() ? pool.take() : own;
                try {
                    buffer.clear();
                    int n = link.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    filled = !buffer.hasRemaining();
                    if (n > 0) {
                        receive(buffer.flip());
                    }
                } finally {
                    if (buffer != own) {
                        pool.give(buffer);
                    }
                }
                dispatchEvents();
            }
        } catch (IOException e) {
            // Reset by the peer, or closed by this side: the stream has ended either way.
        }
        endOfStream();
    }

    /** Feeds bytes read to the engine; it keeps none of them, so the buffer is free again after. */
    private void receive(ByteBuffer bytes) {
        lastRead = System.nanoTime();
        lock.lock();
        try {
            engine.receive(bytes);
            changedLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Waits while the engine is over its high-water mark; returns whether to go on reading. */
    private boolean awaitWritable() {
        lock.lock();
        try {
            while (!dead && !engine.isWritable()) {
                changed.await();
            }
            return !dead;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void endOfStream() {
        List<Outbound> orphans = List.of();
        lock.lock();
        try {
            if (engine.isUpgraded()) {
                // The engine fails its queued sends on EOF; take them first, so that their futures
                // complete outside the lock.
                orphans = pollAll();
            }
            engine.receiveEof();
            changedLocked();
        } finally {
            lock.unlock();
        }
        Outbounds.fail(orphans, "the connection closed before this was written");
        dispatchEvents();
    }

    private void dispatchEvents() {
        while (true) {
            ProtocolEvent event;
            lock.lock();
            try {
                event = engine.nextEvent();
                // Taking an event can release a close the engine held back until the messages
                // before it were answered: that queues output and changes state, so wake the writer.
                changedLocked();
            } finally {
                lock.unlock();
            }
            if (event == null) {
                return;
            }
            deliver(event);
        }
    }

    private void deliver(ProtocolEvent event) {
        switch (event) {
            case ProtocolEvent.Opened opened -> {
                subprotocol = opened.subprotocol();
                if (engine instanceof ServerConnection server) {
                    handler = server.handler();
                } else {
                    // onOpen first, then the future: whoever joins the connect finds the handler already told.
                    handler = clientHandler;
                    HandlerDispatch.dispatch(event, handler, session);
                    opening.complete(session);
                    return;
                }
            }
            case ProtocolEvent.HandshakeFailed failed -> {
                if (opening != null) {
                    opening.completeExceptionally(new HandshakeException(failed.status(), failed.message()));
                }
                return; // a server has no handler before the upgrade; a client's never opened
            }
            default -> {
            }
        }
        if (handler != null) {
            HandlerDispatch.dispatch(event, handler, session);
        }
    }

    /** Runs when the reader is done: whatever happened, the socket closes and the connection ends. */
    private void end() {
        abort();
        List<Outbound> orphans;
        lock.lock();
        try {
            orphans = pollAll();
            cancelTimer();
        } finally {
            lock.unlock();
        }
        Outbounds.fail(orphans, "the connection closed before this was written");
        if (opening != null && !opening.isDone()) {
            opening.completeExceptionally(new IOException("the connection closed during the opening handshake"));
        }
        Thread w = writer;
        if (w != null) {
            try {
                w.join(CLIENT_END_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onEnd.accept(this);
    }

    // ---------------------------------------------------------------- the writer thread

    private void writeLoop() {
        List<Outbound> batch = new ArrayList<>();
        try {
            while (true) {
                boolean close;
                lock.lock();
                try {
                    while (!dead && !engine.hasOutput() && !wantsClose()) {
                        changed.await();
                    }
                    if (dead) {
                        return;
                    }
                    long bytes = 0;
                    Outbound out;
                    while (bytes < BATCH_BYTES && (out = engine.pollOutput()) != null) {
                        batch.add(out);
                        bytes += out.remaining();
                    }
                    close = batch.isEmpty();
                    // Polling may have brought the engine back under its low-water mark.
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                if (close) {
                    closeGracefully();
                    return;
                }
                link.write(batch);
                lastProgress = System.nanoTime();
                lastRead = lastProgress; // idleness is silence both ways: a server pushing data is not idle
                for (Outbound o : batch) {
                    o.written().complete(null);
                }
                batch.clear();
            }
        } catch (IOException | RuntimeException e) {
            Outbounds.fail(batch, "the connection failed: " + e.getMessage());
            abort();
        } catch (InterruptedException e) {
            Outbounds.fail(batch, "the connection was interrupted");
            abort();
        }
    }

    private boolean wantsClose() {
        return engine.shouldCloseTransport() || (drainThenClose && !engine.isUpgraded());
    }

    private void closeGracefully() {
        dead = true;
        link.close();
        signal();
    }

    // ---------------------------------------------------------------- any thread

    /** Closes the socket now; the reader sees the end of the stream and finishes the connection. */
    void abort() {
        dead = true;
        SocketChannel ch = channel;
        if (ch != null) {
            Link l = link;
            if (l != null) {
                l.abort();
            } else {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // Nothing more to do for a socket that fails to close.
                }
            }
        }
        signal();
    }

    /** Server shutdown: close an open WebSocket with 1001; let a plain HTTP exchange finish, then close. */
    void goAway() {
        lock.lock();
        try {
            if (engine.isUpgraded()) {
                if (engine.state() == ConnectionState.OPEN) {
                    engine.protocol().close(CloseCode.GOING_AWAY, "server shutting down");
                }
            } else {
                drainThenClose = true;
            }
            changedLocked();
        } finally {
            lock.unlock();
        }
    }

    /** A send from the application, from any thread. */
    CompletableFuture<Void> send(Function<WebSocketProtocol, CompletableFuture<Void>> operation) {
        lock.lock();
        try {
            CompletableFuture<Void> written = operation.apply(engine.protocol());
            changedLocked();
            return written;
        } finally {
            lock.unlock();
        }
    }

    boolean isOpen() {
        lock.lock();
        try {
            return engine.isUpgraded() && engine.state() == ConnectionState.OPEN;
        } finally {
            lock.unlock();
        }
    }

    boolean isWritable() {
        lock.lock();
        try {
            return engine.isWritable();
        } finally {
            lock.unlock();
        }
    }

    String subprotocol() {
        return subprotocol;
    }

    InetSocketAddress remoteAddress() {
        return remote;
    }

    Thread readerThread() {
        return reader;
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Takes every queued output out of the engine, to fail it. Lock held. */
    private List<Outbound> pollAll() {
        List<Outbound> all = new ArrayList<>();
        for (Outbound o; (o = engine.pollOutput()) != null; ) {
            all.add(o);
        }
        return all;
    }

    /** After any call into the engine: set the deadline its state calls for, wake the others. Lock held. */
    private void changedLocked() {
        updateDeadline();
        changed.signalAll();
    }

    // ---------------------------------------------------------------- timers

    private Deadline wantedDeadline() {
        if (dead || !started) {
            return Deadline.NONE;
        }
        if (!engine.isUpgraded()) {
            return Deadline.HANDSHAKE;
        }
        if (engine.shouldCloseTransport() || engine.awaitsPeerClose()) {
            return Deadline.CLOSE_WAIT;
        }
        if (engine.state() == ConnectionState.OPEN && !transport.options().idleTimeout().isZero()) {
            return Deadline.IDLE;
        }
        return Deadline.NONE;
    }

    private void updateDeadline() {
        Deadline want = wantedDeadline();
        if (want == deadline) {
            return;
        }
        cancelTimer();
        deadline = want;
        switch (want) {
            case HANDSHAKE -> schedule(want, transport.options().handshakeTimeout().toNanos());
            case IDLE -> schedule(want, transport.options().idleTimeout().toNanos());
            case CLOSE_WAIT -> schedule(want, transport.options().closeWaitTimeout().toNanos());
            case NONE -> {
            }
        }
    }

    private void schedule(Deadline which, long nanos) {
        timer = transport.schedule(() -> expire(which), nanos);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        deadline = Deadline.NONE;
    }

    private void expire(Deadline which) {
        boolean drop = false;
        lock.lock();
        try {
            if (which != deadline || dead) {
                return;
            }
            long now = System.nanoTime();
            switch (which) {
                case HANDSHAKE -> {
                    // Measured from the start, or from the last response written on a keep-alive connection.
                    long due = lastProgress + transport.options().handshakeTimeout().toNanos();
                    if (now - due < 0) {
                        schedule(which, due - now);
                        return;
                    }
                    engine.handshakeTimedOut();
                    handshakeExpired = true;
                    drop = true;
                }
                case IDLE -> {
                    long due = lastRead + transport.options().idleTimeout().toNanos();
                    if (now - due < 0) {
                        schedule(which, due - now);
                        return;
                    }
                    engine.idleTimedOut();
                }
                case CLOSE_WAIT -> {
                    engine.closeWaitExpired();
                    drop = true;
                }
                case NONE -> {
                    return;
                }
            }
            timer = null;
            deadline = Deadline.NONE;
            if (drop) {
                dead = true;
            }
            changedLocked();
        } finally {
            lock.unlock();
        }
        if (drop) {
            abort();
        }
    }

    @Override
    public String toString() {
        return "loom connection to " + remote;
    }
}
