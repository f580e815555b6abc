package dev.weft.transport.nio;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ClientConnection;
import dev.weft.codec.engine.Connection;
import dev.weft.codec.engine.ConnectionState;
import dev.weft.codec.engine.FileRegion;
import dev.weft.codec.engine.Outbound;
import dev.weft.codec.engine.ProtocolEvent;
import dev.weft.codec.engine.SendFailures;
import dev.weft.codec.engine.SendRefusedException;
import dev.weft.codec.engine.ServerConnection;
import dev.weft.codec.handshake.HandshakeException;
import dev.weft.codec.internal.HandlerDispatch;
import dev.weft.codec.internal.SafeLog;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One TCP connection on an event loop: moves bytes between its socket and its engine, hands the
 * engine's events to the application, and runs the engine's timers. Every method runs on the
 * loop's thread; other threads reach it through {@link #submit}.
 *
 * <p>The channel is its own timer on the loop's {@link TimerWheel}, scheduled at the earliest of
 * its deadlines. Activity only ever moves a deadline later, so a read does not touch the wheel:
 * the timer fires at the old deadline, finds nothing due and goes back in at the new one. Only a
 * deadline that comes earlier than the scheduled one (a close started, a ping awaiting its pong)
 * moves the timer.
 */
final class NioChannel extends TimerWheel.Timer implements EventLoop.Selectable, SendFailures {

    private static final SafeLog LOG = NioTransport.LOG;

    /** Whoever counts this channel: a server binding, or the transport for client connections. */
    interface Owner {
        void closed(NioChannel channel);
    }

    /**
     * A batch stops taking the engine's output at this many bytes: enough to fill a socket buffer
     * in one call, small enough that little of what the engine's water marks count is out of their
     * sight.
     */
    private static final long BATCH_BYTES = 64 * 1024;
    /** ... or at this many outputs. */
    private static final int BATCH_OUTPUTS = 64;

    final EventLoop loop;
    private final SocketChannel socket;
    private final Connection engine;
    private final Owner owner;
    private final NioTransport transport;
    private final NioSession session;
    private final InetSocketAddress remote;
    private SelectionKey key;
    private Wire wire;
    private WebSocketHandler handler;

    /** A client's connect and handshake, until the handshake ends; {@code null} for a server's channel. */
    private ConnectAttempt connecting;

    /**
     * Outputs taken from the engine and not yet fully on the socket, oldest first; created on the
     * first write. They go out together in one gathering write, so a read that produced sixteen
     * echoes costs one system call, not sixteen.
     */
    private WriteBatch writing;
    /**
     * Whether the batch made for this channel's first write (its handshake) has been let go: it is
     * dropped once, when that write is done, so that a connection that then stays silent does not
     * hold one (72 bytes); a batch made after that is kept, so echoing allocates none.
     */
    private boolean firstBatchDropped;
    /** The bytes in {@link #writing}: the batch stops growing past {@link #BATCH_BYTES}. */
    private long writingBytes;
    /** Where the file region at the head of {@link #writing} stands; made at the first file sent. */
    private FileSend fileSend;

    private boolean processing;
    /** Whether a deferred response's completion is already set to wake this channel. */
    private boolean awaitingDeferred;
    private boolean again;
    private boolean eof;
    private volatile boolean closed;
    private final long createdNanos = System.nanoTime();
    /** When TCP was first due to close with output still unwritten, or -1. */
    private long closeWaitSince = -1;
    /** The last time bytes moved either way: idleness is silence in both directions. */
    private long lastActivityNanos = createdNanos;

    // Mirrors for other threads; the engine itself is touched only on the loop.
    volatile ConnectionState state = ConnectionState.CONNECTING;
    volatile boolean writable = true;
    /**
     * The engine's queued bytes, as of the loop's last look. Written with a release store
     * ({@link #QUEUED_MIRROR}): it moves with nearly every message, and a volatile write's fence
     * per message would buy nothing, since a sender reading it races the loop anyway.
     */
    private volatile long queuedMirror;
    /** The engine's high-water mark, known once open. */
    private volatile long highWaterMark = Long.MAX_VALUE;
    /**
     * Bytes that other threads have handed to the loop and the engine has not taken yet. Counted so
     * that a producer on another thread sees the queue fill up at once, not one loop turn late.
     */
    private volatile long handedOver;
    /** How many calls other threads have handed over and the loop has not run yet. */
    private volatile int handedOverOps;

    // Plain fields updated through handles, not AtomicLong/AtomicInteger objects: every idle
    // connection would carry the two extra objects (40 bytes) for counters that are almost always 0.
    private static final VarHandle HANDED_OVER;
    private static final VarHandle HANDED_OVER_OPS;
    private static final VarHandle QUEUED_MIRROR;
    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HANDED_OVER = lookup.findVarHandle(NioChannel.class, "handedOver", long.class);
            HANDED_OVER_OPS = lookup.findVarHandle(NioChannel.class, "handedOverOps", int.class);
            QUEUED_MIRROR = lookup.findVarHandle(NioChannel.class, "queuedMirror", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    volatile String subprotocol;

    NioChannel(EventLoop loop, SocketChannel socket, Connection engine, Owner owner, NioTransport transport,
               InetSocketAddress remote, WebSocketHandler handler) {
        this.loop = loop;
        this.socket = socket;
        this.engine = engine;
        this.owner = owner;
        this.transport = transport;
        this.remote = remote;
        this.handler = handler;
        this.session = new NioSession(this);
        engine.useOutput(loop.output, this); // itself, not a method reference: one object fewer per connection
    }

    /**
     * Tells the handler that a message sent without a completion stage was not written; on the
     * loop, like every handler call.
     */
    @Override
    public void sendFailed(Throwable cause) {
        WebSocketHandler h = handler;
        if (h == null) {
            return;
        }
        try {
            h.onError(session, cause);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "the WebSocket handler failed in onError for " + remote, e);
        }
    }

    /** Serves an accepted socket. */
    void startServing(Wire wire) throws IOException {
        this.wire = wire;
        key = socket.register(loop.selector(), SelectionKey.OP_READ, this);
        loop.adopt(this);
        armTimer(System.nanoTime());
    }

    /** Starts a non-blocking connect; the handshake follows once TCP is up. */
    void startConnecting(InetSocketAddress address, long deadlineNanos, CompletableFuture<WebSocketSession> future,
                         Function<NioChannel, Wire> wireFactory) {
        this.connecting = new ConnectAttempt(future, deadlineNanos, address.getHostString() + ":" + address.getPort());
        loop.adopt(this);
        armTimer(System.nanoTime());
        try {
            if (socket.isConnected() || socket.connect(address)) { // connected already: tunnelled through a proxy
                connected(wireFactory);
            } else {
                key = socket.register(loop.selector(), SelectionKey.OP_CONNECT, new EventLoop.Selectable() {
                    @Override
                    public void onSelected(SelectionKey k) {
                        try {
                            if (socket.finishConnect()) {
                                connected(wireFactory);
                            }
                        } catch (IOException e) {
                            failConnect(connectFailure(e));
                        } catch (Throwable t) {
                            fail(t);
                        }
                    }
                });
            }
        } catch (IOException e) {
            failConnect(connectFailure(e));
        }
    }

    private void connected(Function<NioChannel, Wire> wireFactory) throws IOException {
        wire = wireFactory.apply(this);
        if (key == null) {
            key = socket.register(loop.selector(), SelectionKey.OP_READ, this);
        } else {
            key.attach(this);
            key.interestOps(SelectionKey.OP_READ);
        }
        process(); // sends the upgrade request
    }

    private IOException connectFailure(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return new java.net.ConnectException("connection refused: " + target());
        }
        return e;
    }

    @Override
    public void onSelected(SelectionKey k) {
        if (closed || !k.isValid()) {
            return;
        }
        try {
            if (k.isReadable()) {
                onReadable();
            }
            if (!closed && k.isValid() && k.isWritable()) {
                process();
            }
        } catch (Throwable e) {
            fail(e);
        }
    }

    private void onReadable() throws IOException {
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        int n = wire.read(buffer);
        long now = System.nanoTime();
        if (n > 0) {
            lastActivityNanos = now;
            buffer.flip();
            engine.receive(buffer);
        } else if (n < 0) {
            eof = true;
            engine.receiveEof();
        }
        process(now);
    }

    /** Called by the TLS wire, from its task thread, when delegated tasks are done. */
    void resumeAfterTlsTasks() {
        loop.execute(() -> {
            if (closed) {
                return;
            }
            try {
                onReadable(); // unwraps anything that arrived meanwhile, then writes
            } catch (Throwable e) {
                fail(e);
            }
        });
    }

    /**
     * Dispatches events and writes output until nothing is left to do, then sets interest and
     * closes if the engine says so. Re-entrant calls (a handler sending from inside a callback)
     * just ask the outer call to go round once more.
     */
    void process() {
        if (processing) {
            again = true; // before reading the clock: a handler's send lands here once per message
            return;
        }
        process(System.nanoTime());
    }

    /**
     * {@link #process()} with the clock already read by the caller, at {@code now}: the clock is
     * read once per pass, not once per step, since every read costs about as much as a small
     * message's framing.
     */
    private void process(long now) {
        if (processing) {
            again = true;
            return;
        }
        processing = true;
        try {
            boolean first = true;
            do {
                again = false;
                if (!first) {
                    now = System.nanoTime(); // a handler ran since: time has moved
                }
                first = false;
                // The engine stamps what it heard with this time and does what is due (a
                // keepalive ping, giving up a silent peer, ending a closing handshake).
                engine.tick(now);
                if (engine.shouldAbortTransport()) {
                    close(); // unwritten bytes and all: the peer has stopped answering
                    return;
                }
                dispatchEvents();
                flush(now);
            } while (again && !closed);
            if (!closed) {
                mirrorState();
                awaitDeferred();
                if (isEmpty(writing) && !engine.hasOutput() && !wire.hasPendingOutput() && engine.shouldCloseTransport()) {
                    close();
                } else {
                    updateInterest();
                    armTimer(now);
                }
            }
        } catch (Throwable e) {
            fail(e);
        } finally {
            processing = false;
        }
    }

    /**
     * If the engine waits for a response worked out off the loop, arranges for the loop to pick
     * it up when it completes. Meanwhile the engine is not writable, so the loop reads nothing
     * more from this peer and serves its other connections.
     */
    private void awaitDeferred() {
        if (awaitingDeferred || !(engine instanceof ServerConnection server)) {
            return;
        }
        CompletableFuture<?> answer = server.awaitedResponse();
        if (answer == null) {
            return;
        }
        awaitingDeferred = true;
        // enqueue, not execute: an answer already complete must not re-enter this process() call.
        answer.whenComplete((r, e) -> loop.enqueue(() -> {
            awaitingDeferred = false;
            if (closed) {
                server.abandonDeferred(); // only releases what the answer holds (an open file)
            } else {
                try {
                    server.resumeDeferred();
                } catch (Throwable t) {
                    fail(t); // this connection's failure, not the loop's
                    return;
                }
                process();
            }
        }));
    }

    private void dispatchEvents() {
        ProtocolEvent event;
        while ((event = engine.nextEvent()) != null) {
            // A handler must see the state its event leaves behind (closed after onClose, and so on).
            mirrorState();
            switch (event) {
                case ProtocolEvent.Opened opened -> {
                    subprotocol = opened.subprotocol();
                    if (engine instanceof ServerConnection server) {
                        handler = server.handler();
                    }
                    state = ConnectionState.OPEN;
                    if (connecting != null) {
                        // onOpen first, then the future: whoever joins the connect finds the
                        // handler already told.
                        CompletableFuture<WebSocketSession> f = connecting.future();
                        connecting = null;
                        HandlerDispatch.dispatch(event, handler, session);
                        f.complete(session);
                        continue;
                    }
                }
                case ProtocolEvent.HandshakeFailed failed -> {
                    if (connecting != null) {
                        failConnect(new HandshakeException(failed.status(), failed.message()));
                    }
                    continue; // the application never saw this connection open
                }
                default -> {
                }
            }
            if (handler != null) {
                HandlerDispatch.dispatch(event, handler, session);
            }
        }
    }

    /** Writes what the engine has queued; {@code now} is the pass's clock, for the activity it records. */
    private void flush(long now) throws IOException {
        if (wire == null) {
            return;
        }
        ByteBuffer[] gather = loop.gather;
        while (true) {
            takeOutput();
            if (isEmpty(writing)) {
                if (writing != null && !firstBatchDropped) {
                    writing = null;
                    firstBatchDropped = true;
                }
                if (wire.hasPendingOutput()) {
                    wire.write(gather, 0);
                }
                return;
            }
            Outbound head = writing.peekFirst();
            if (head.file() != null) {
                // A file region goes alone: its header, then the file by transferTo where it can.
                if (!writeWithFile(head)) {
                    return;
                }
                writing.pollFirst();
                writingBytes -= head.remaining();
                fileSend.sent = 0;
                lastActivityNanos = System.nanoTime();
                written(head);
                continue;
            }
            int n = 0;
            for (int i = 0; i < writing.size(); i++) {
                Outbound o = writing.get(i);
                ByteBuffer[] buffers = o.buffers();
                if (o.file() != null || (n > 0 && n + buffers.length > gather.length)) {
                    break;
                }
                if (buffers.length > gather.length) {
                    gather = buffers.clone(); // more buffers than the loop's array holds: this output alone
                    n = buffers.length;
                    break;
                }
                if (buffers.length == 1) {
                    gather[n++] = buffers[0]; // the usual frame: a store, not an arraycopy's barrier call
                } else {
                    System.arraycopy(buffers, 0, gather, n, buffers.length);
                    n += buffers.length;
                }
            }
            boolean all;
            try {
                all = wire.write(gather, n);
            } finally {
                java.util.Arrays.fill(gather, 0, Math.min(n, gather.length), null);
            }
            // Complete, in order, every output now wholly on the socket.
            Outbound o;
            while ((o = writing.peekFirst()) != null && o.file() == null && o.remaining() == 0) {
                writing.pollFirst();
                written(o);
            }
            long before = writingBytes;
            writingBytes = 0;
            for (int i = 0; i < writing.size(); i++) {
                writingBytes += writing.get(i).remaining();
            }
            if (writingBytes < before) {
                lastActivityNanos = now; // part of a large output is progress too
            }
            if (!all) {
                return;
            }
        }
    }

    /** Moves the engine's output into the batch, up to one gathering write's worth. */
    private void takeOutput() {
        while (writingBytes < BATCH_BYTES && (writing == null || writing.size() < BATCH_OUTPUTS)) {
            Outbound o = engine.pollOutput();
            if (o == null) {
                return;
            }
            if (writing == null) {
                writing = new WriteBatch();
            }
            writing.addLast(o);
            writingBytes += o.remaining();
        }
    }

    /**
     * Completes an output wholly on the socket. The caller records the activity, once per write
     * rather than once per output: a write of sixteen echoes reads the clock once.
     */
    private void written(Outbound done) {
        done.complete(); // its buffers go back to the loop's pool
    }

    private static boolean isEmpty(WriteBatch q) {
        return q == null || q.isEmpty();
    }

    private boolean writeWithFile(Outbound current) throws IOException {
        ByteBuffer[] head = current.buffers();
        if (!wire.write(head, head.length)) {
            return false;
        }
        FileRegion file = current.file();
        if (file == null) {
            return true;
        }
        if (fileSend == null) {
            fileSend = new FileSend();
        }
        FileSend progress = fileSend;
        while (progress.sent < file.count()) {
            long n;
            if (wire.allowsZeroCopy()) {
                n = file.channel().transferTo(file.position() + progress.sent, file.count() - progress.sent, socket);
            } else {
                if (progress.chunk == null) {
                    progress.chunk = ByteBuffer.allocate(FileSend.CHUNK_BYTES);
                }
                ByteBuffer chunk = progress.chunk;
                if (!chunk.hasRemaining() || chunk.position() == 0) {
                    chunk.clear();
                    chunk.limit((int) Math.min(chunk.capacity(), file.count() - progress.sent));
                    int read = file.channel().read(chunk, file.position() + progress.sent);
                    if (read < 0) {
                        throw new IOException("file ended before the promised length");
                    }
                    chunk.flip();
                }
                int before = chunk.remaining();
                ByteBuffer[] one = loop.gather;
                one[0] = chunk;
                boolean all;
                try {
                    all = wire.write(one, 1);
                } finally {
                    one[0] = null;
                }
                n = before - chunk.remaining();
                if (all) {
                    chunk.clear().limit(0);
                }
            }
            if (n == 0) {
                return false;
            }
            progress.sent += n;
            lastActivityNanos = System.nanoTime(); // a long file is progress before it is done
        }
        closeQuietly(file);
        return true;
    }

    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = 0;
        // Past the high-water mark, reading stops; what one read brought in (up to the loop's
        // EventLoop.READ_BUFFER_SIZE) is still delivered, so replies to it can pass the mark by that much.
        if (!eof && engine.isWritable() && !wire.isSuspended()) {
            ops |= SelectionKey.OP_READ;
        }
        if ((!isEmpty(writing) || wire.hasPendingOutput()) && !wire.isSuspended()) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops); // an atomic swap in the JDK even when nothing changes
        }
    }

    /**
     * Copies the engine's state into the fields other threads read. Each field is written only
     * when its value changed: this runs several times per message, the values rarely move, and
     * a volatile write costs a full fence where a volatile read costs a plain load.
     */
    private void mirrorState() {
        ConnectionState s = engine.state();
        if (state != s) {
            state = s;
        }
        boolean w = !closed && engine.isWritable();
        if (writable != w) {
            writable = w;
        }
        if (engine.isUpgraded()) {
            var protocol = engine.protocol();
            long queued = protocol.queuedBytes();
            if ((long) QUEUED_MIRROR.getOpaque(this) != queued) {
                QUEUED_MIRROR.setRelease(this, queued);
            }
            long high = protocol.config().highWaterMark();
            if (highWaterMark != high) {
                highWaterMark = high;
            }
        }
    }

    /**
     * Returns whether the application should send more: the engine is below its high-water mark,
     * counting what other threads have handed over and the loop has not yet queued.
     */
    boolean isWritable() {
        long pending = handedOver;
        return writable && (pending == 0 || queuedMirror + pending < highWaterMark);
    }

    /** Runs an engine call for the application, from any thread; the future tells the outcome. */
    CompletableFuture<Void> submit(long size, Function<dev.weft.codec.engine.WebSocketProtocol, CompletableFuture<Void>> op) {
        return submit(size, null, (p, ignored) -> op.apply(p));
    }

    /**
     * Runs an engine call that sends {@code data}, from any thread. The engine copies the data
     * before the call returns; a call that must wait for the loop gets a copy made here, so that
     * the caller's buffer is theirs again when this returns either way.
     */
    CompletableFuture<Void> submit(long size, ByteBuffer data,
                                   BiFunction<dev.weft.codec.engine.WebSocketProtocol, ByteBuffer, CompletableFuture<Void>> op) {
        // On the loop with nothing handed over ahead of it, the call goes straight in. Otherwise it
        // queues behind what other threads handed over, so sends keep the order they were made in.
        if (loop.inLoop() && handedOverOps == 0) {
            return call(p -> op.apply(p, data));
        }
        ByteBuffer mine = data == null ? null : copyOf(data);
        return handOver(size, p -> op.apply(p, mine));
    }

    /**
     * Sends a binary message without a completion stage (see {@link WebSocketSession#offerBinary}):
     * on the loop it allocates nothing; from elsewhere, a refusal found on the loop goes to the
     * handler's onError.
     */
    boolean offerBinary(ByteBuffer data) {
        if (loop.inLoop() && handedOverOps == 0) {
            if (closed || !engine.isUpgraded()) {
                return false;
            }
            boolean accepted = engine.protocol().offerBinary(data);
            mirrorState();
            process();
            return accepted;
        }
        if (closed) {
            return false;
        }
        ByteBuffer mine = copyOf(data);
        handOver(mine.remaining(), p -> p.sendBinary(mine)).whenComplete((v, e) -> {
            if (e != null) {
                sendFailed(e); // completed on the loop
            }
        });
        return true;
    }

    private static ByteBuffer copyOf(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        return copy;
    }

    /** Queues an engine call behind what other threads handed over; it runs on the loop. */
    private CompletableFuture<Void> handOver(long size, Function<dev.weft.codec.engine.WebSocketProtocol, CompletableFuture<Void>> op) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        HANDED_OVER.getAndAdd(this, size);
        HANDED_OVER_OPS.getAndAdd(this, 1);
        loop.enqueue(() -> {
            HANDED_OVER.getAndAdd(this, -size);
            HANDED_OVER_OPS.getAndAdd(this, -1);
            call(op).whenComplete((v, e) -> {
                if (e == null) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(e instanceof java.util.concurrent.CompletionException c ? c.getCause() : e);
                }
            });
        });
        return result;
    }

    private CompletableFuture<Void> call(Function<dev.weft.codec.engine.WebSocketProtocol, CompletableFuture<Void>> op) {
        if (closed || !engine.isUpgraded()) {
            return CompletableFuture.failedFuture(new SendRefusedException(SendRefusedException.Reason.CLOSED,
                    closed ? "the connection is closed" : "the connection is not open yet"));
        }
        CompletableFuture<Void> f;
        try {
            f = op.apply(engine.protocol());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        // Mirror at once: a sender looping on isWritable() must see the queue pass its high-water mark.
        mirrorState();
        process();
        return f;
    }

    /** The wheel's call at this channel's scheduled deadline: do what is due, then go back in at the next. */
    @Override
    void expire(long now) {
        checkTimers(now);
        if (!closed) {
            armTimer(now);
        }
    }

    /**
     * Schedules this channel's timer at its earliest deadline, unless it is already scheduled no
     * later than that (firing early is harmless: {@link #checkTimers} finds nothing due and the
     * timer goes back in).
     */
    private void armTimer(long now) {
        long due = nextDeadline(now);
        if (due == NO_DEADLINE) {
            loop.timers.cancel(this);
            return;
        }
        if (due - now <= 0) {
            due = now + TimerWheel.TICK_NANOS; // passed and still pending (a refusal being written): look again next tick
        }
        if (!isScheduled() || due - deadline() < 0) {
            loop.timers.schedule(this, due);
        }
    }

    private static final long NO_DEADLINE = dev.weft.codec.engine.WebSocketProtocol.NO_DEADLINE;

    /** The earliest moment {@link #checkTimers} could have something to do, or {@link #NO_DEADLINE}. */
    private long nextDeadline(long now) {
        if (closed) {
            return NO_DEADLINE;
        }
        if (connecting != null && wire == null) {
            return connecting.deadline();
        }
        var options = transport.options();
        ConnectionState s = engine.state();
        if (s == ConnectionState.CONNECTING) {
            return createdNanos + options.handshakeTimeout().toNanos();
        }
        long due = NO_DEADLINE;
        if (s == ConnectionState.OPEN && !options.idleTimeout().isZero()) {
            due = lastActivityNanos + options.idleTimeout().toNanos();
        }
        long engineDue = engine.nextDeadline();
        if (engineDue != NO_DEADLINE && (due == NO_DEADLINE || engineDue - due < 0)) {
            due = engineDue;
        }
        if (engine.shouldCloseTransport()) {
            // TCP should close but output is stuck behind a peer that does not read.
            if (closeWaitSince < 0) {
                closeWaitSince = now;
            }
            long waitDue = closeWaitStalledSince() + options.closeWaitTimeout().toNanos();
            if (due == NO_DEADLINE || waitDue - due < 0) {
                due = waitDue;
            }
        }
        return due;
    }

    /**
     * Since when a connection due to close has moved no byte: the close-wait timeout bounds a
     * stall, not the whole of the last output, so a long final response to a peer that reads it
     * slowly is not cut off.
     */
    private long closeWaitStalledSince() {
        return lastActivityNanos - closeWaitSince > 0 ? lastActivityNanos : closeWaitSince;
    }

    /** Checks this channel's deadlines; called when its timer fires, which may be early. */
    void checkTimers(long now) {
        if (closed) {
            return;
        }
        if (connecting != null && wire == null) {
            if (now - connecting.deadline() >= 0) {
                failConnect(new java.net.SocketTimeoutException("connect to " + target() + " timed out after "
                        + transport.options().connectTimeout().toMillis() + " ms"));
            }
            return;
        }
        ConnectionState s = engine.state();
        var options = transport.options();
        if (s == ConnectionState.CONNECTING) {
            if (now - createdNanos >= options.handshakeTimeout().toNanos()) {
                if (connecting != null) {
                    failConnect(new java.net.SocketTimeoutException("the opening handshake with " + target() + " timed out after "
                            + options.handshakeTimeout().toMillis() + " ms"));
                    return;
                }
                engine.handshakeTimedOut();
                process();
            }
            return;
        }
        if (s == ConnectionState.OPEN && !options.idleTimeout().isZero() && now - lastActivityNanos >= options.idleTimeout().toNanos()) {
            lastActivityNanos = now;
            engine.idleTimedOut();
            process();
        }
        // The engine's own timers: keepalive pings, the pong's deadline, the closing handshake's.
        long due = engine.nextDeadline();
        if (due != dev.weft.codec.engine.WebSocketProtocol.NO_DEADLINE && now - due >= 0) {
            process();
        }
        if (!closed && engine.shouldCloseTransport()) {
            // TCP should close but output is stuck behind a peer that does not read: the
            // close-wait period bounds how long a failed connection keeps its memory.
            if (closeWaitSince < 0) {
                closeWaitSince = now;
            } else if (now - closeWaitStalledSince() >= options.closeWaitTimeout().toNanos()) {
                close();
            }
        }
    }

    /** Asks an open WebSocket to close with 1001, or closes a connection that never upgraded. */
    void goAway() {
        if (closed) {
            return;
        }
        if (engine.isUpgraded()) {
            if (engine.state() == ConnectionState.OPEN) {
                engine.protocol().close(dev.weft.codec.frame.CloseCode.GOING_AWAY, "server shutting down");
            }
            process();
        } else {
            close();
        }
    }

    /**
     * Ends this connection after anything its work threw, an {@link Error} included: the failure
     * stays with this connection, and the loop goes on serving the others.
     */
    private void fail(Throwable e) {
        if (connecting != null) {
            failConnect(e instanceof SSLException ssl ? tlsFailure(ssl)
                    : e instanceof Exception x ? x : new IOException("the connection failed: " + e, e));
            return;
        }
        // A broken socket is the network's doing and common; anything else (a RuntimeException,
        // an Error) is a defect here and is worth a warning.
        if (!(e instanceof IOException)) {
            LOG.log(System.Logger.Level.WARNING, "connection with " + remote + " failed; closing it", e);
        } else if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "connection with " + remote + " failed", e);
        }
        close();
    }

    private static Exception tlsFailure(SSLException e) {
        SSLHandshakeException wrapped = new SSLHandshakeException("TLS handshake failed: " + e.getMessage());
        wrapped.initCause(e);
        return wrapped;
    }

    private void failConnect(Exception e) {
        ConnectAttempt attempt = connecting;
        connecting = null;
        close();
        if (attempt != null) {
            attempt.future().completeExceptionally(e);
        }
    }

    /** The server a client connects to, as {@code host:port}, for messages. */
    private String target() {
        ConnectAttempt attempt = connecting;
        return attempt != null ? attempt.target() : String.valueOf(remote);
    }

    /** Drops the connection now; used when the loop stops. */
    void abort() {
        close();
    }

    /** Closes the socket, fails what was not written, and gives the application its onClose. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        state = ConnectionState.CLOSED;
        writable = false;
        if (key != null) {
            key.cancel();
        }
        if (wire != null) {
            wire.close();
        } else {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is the goal
            }
        }
        loop.forget(this);
        SendRefusedException gone = new SendRefusedException(SendRefusedException.Reason.CLOSED, "the connection closed before this was written");
        if (writing != null) {
            Outbound o;
            while ((o = writing.pollFirst()) != null) {
                closeQuietly(o.file());
                o.fail(gone);
            }
            writingBytes = 0;
        }
        try {
            engine.receiveEof(); // no-op if the engine already considers itself closed
            Outbound o;
            while ((o = engine.pollOutput()) != null) {
                closeQuietly(o.file());
                o.fail(gone);
            }
            dispatchEvents(); // the final onClose (1006 if the closing handshake never happened)
        } catch (Throwable e) {
            // A handler's onClose that throws even an Error cannot keep the connection counted.
            LOG.log(System.Logger.Level.WARNING, "closing the connection with " + remote + " failed", e);
        } finally {
            if (connecting != null) {
                ConnectAttempt attempt = connecting;
                connecting = null;
                attempt.future().completeExceptionally(new IOException("the connection to " + attempt.target()
                        + " closed during the opening handshake"));
            }
            owner.closed(this);
        }
    }

    private static void closeQuietly(FileRegion file) {
        if (file != null) {
            try {
                file.channel().close();
            } catch (IOException ignored) {
                // the file was only being read
            }
        }
    }

    InetSocketAddress remoteAddress() {
        return remote;
    }

    boolean isClosed() {
        return closed;
    }

    boolean ownedBy(Owner o) {
        return owner == o;
    }

    void setHandler(WebSocketHandler handler) {
        this.handler = handler;
    }

    Connection engine() {
        return engine;
    }

    boolean isClient() {
        return engine instanceof ClientConnection;
    }
}
