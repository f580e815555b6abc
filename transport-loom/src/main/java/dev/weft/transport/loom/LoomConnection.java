package dev.weft.transport.loom;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ClientConnection;
import dev.weft.codec.engine.Connection;
import dev.weft.codec.engine.ConnectionState;
import dev.weft.codec.engine.Outbound;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.engine.ProtocolEvent;
import dev.weft.codec.engine.SendFailures;
import dev.weft.codec.engine.SendStages;
import dev.weft.codec.engine.ServerConnection;
import dev.weft.codec.engine.WebSocketProtocol;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.HandshakeException;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.internal.HandlerDispatch;
import dev.weft.codec.internal.MessageExtent;
import dev.weft.codec.internal.SafeLog;
import dev.weft.transport.loom.ConnectionTimer.Deadline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * One TCP connection on the Loom transport: the codec's engine, driven by the connection's
 * reader virtual thread and, only while there is output nobody else will write, a writer virtual
 * thread.
 *
 * <ul>
 *   <li>The <b>reader</b> ({@code weft-loom-conn-<peer>}) reads, feeds the engine under
 *       {@link #lock}, hands the engine's events to the application outside it, one at a time
 *       and in order (every handler call of the connection happens on this thread), and then
 *       writes what those calls queued, in one gathering write, before it reads again. A peer that
 *       does not read therefore stops the reader too. It waits in read with a small buffer of its
 *       own and borrows a large one from the transport's pool only after a read that filled its
 *       buffer, or to gather a message a read cut off (so that the engine lends it whole), and
 *       keeps it while reads into it bring more than its own would hold, so an idle connection
 *       holds little besides its engine and its parked thread. A
 *       reader that keeps finding data yields its carrier after a bounded amount of work. If a
 *       handler sends and then blocks, {@link DeferredWrites} has a writer send the reply within
 *       about {@link DeferredWrites#DELAY_NANOS} instead of after the handler returns.</li>
 *   <li>A <b>writer</b> ({@code weft-loom-write-<peer>}) is started when output is queued that the
 *       reader will not write soon: a send from another thread or a timer, or a handler that
 *       queued past the engine's high-water mark. It writes until the queue is empty, then ends.</li>
 * </ul>
 *
 * <p>At most one thread writes at a time, the one in {@link #writing}; it polls the engine one
 * batch at a time (so the engine's water marks count what is truly unwritten), writes outside
 * the lock, completes the sends' futures, and goes on until the queue is empty or the engine asks
 * for TCP to close. Output therefore leaves in the order it was queued, whoever queued it. A send
 * only queues and never blocks on the network: from another thread it starts a writer if nobody
 * writes; from the reader's handler it is left for the reader. A handler that waits for its own
 * send on the reader thread gets a {@link ReaderStage}, which writes first. Futures are never
 * completed while the lock is held, so their callbacks may send again from any thread.
 *
 * <p>Timers (handshake, idle, and the engine's keepalive and close timeouts) run on the
 * transport's single timer thread; a timer only tells the engine and, when TCP must go, closes the
 * socket, which ends a blocked read or write.
 */
final class LoomConnection extends DeferredWrites.Entry implements Runnable, SendStages, SendFailures {

    private static final SafeLog LOG = LoomTransport.LOG;

    /**
     * The reader's own buffer: enough for a request head or a burst of small frames, and small,
     * since every idle connection holds one while it waits in read.
     */
    static final int OWN_READ_BUFFER = 512;
    /** A reader that keeps finding data gives way to other connections after about this many messages... */
    static final int YIELD_AFTER_MESSAGES = 256;
    /** ... counting this many bytes read as one message, so that a stream of large ones gives way too. */
    private static final long YIELD_BYTES_PER_MESSAGE = 4 * 1024;
    /** A busy reader keeps a pooled buffer only while one in this many of the pool's is left to lend. */
    private static final int POOL_RESERVE_DIVISOR = 4;
    /** Small outputs are gathered into one write up to about this many bytes. */
    private static final long BATCH_BYTES = 64 * 1024;
    private static final int CLIENT_END_WAIT_MS = 5_000;

    private final LoomTransport transport;
    private final Connection engine;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Signalled when the engine may have become writable again, and when the connection dies;
     * guarded by {@link #lock}. Made when the reader first waits on it (a connection that never
     * outruns its peer holds none); {@link #signalChanged} skips it until then, since nobody waits.
     */
    private Condition changed;
    private final LoomSession session = new LoomSession(this);
    private final Consumer<LoomConnection> onEnd;
    /** Client only: completes with the session at Opened, or fails. */
    private final CompletableFuture<WebSocketSession> opening;
    /** Client only: the handler, given out only once the connection is open. */
    private final WebSocketHandler clientHandler;
    /** Server only: the TLS context the accepted connection speaks, or {@code null} for plain TCP. */
    private final SSLContext serverTls;
    /** The handshake, idle or close-wait deadline; guarded by {@link #lock}. */
    private final ConnectionTimer timer;

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
    /** Events the reader has handed out since it last gave way; reader thread only. */
    private int messagesSinceYield;

    // The read loop's state, reader thread only. Fields, not locals of run: see there why.
    /** The reader's own small read buffer, from the transport's slices, held for the connection's life. */
    private ByteBuffer own;
    /** A pooled buffer holding the start of a message, from {@link #gatherFrom} to its position, or {@code null}. */
    private ByteBuffer gathering;
    /** Where the message being gathered starts in {@link #gathering}; the bytes read so far end at its position. */
    private int gatherFrom;
    /** Whether the last read filled its buffer: more bytes are likely waiting, worth a pooled buffer. */
    private boolean filled;
    /**
     * A pooled buffer the reader keeps reading into, parks included, while its connection is busy
     * (see {@link #keepsPooled}), or {@code null}; lent to each read as {@link #gathering} is.
     */
    private ByteBuffer held;
    /** Whether the last read went on with a message gathered across reads; see {@link #keepsPooled}. */
    private boolean continuing;
    /** Whether the last read emptied the socket; see {@link YieldBeforeRead}. */
    private boolean drained;
    /** The yields before a read still to skip; see {@link YieldBeforeRead}. */
    private int yieldsToSkip;
    /** Bytes read since the reader last gave way. */
    private long bytesSinceYield;

    // Guarded by lock.
    /** The one thread that polls and writes output now (the reader or a writer), or {@code null}. */
    private Thread writing;
    private boolean started;
    private boolean drainThenClose;
    /**
     * Whether a handler's send waits for the reader to write it and DeferredWrites has been told;
     * written under the lock, volatile so that DeferredWrites can skip the lock when it is clear.
     */
    private volatile boolean deferred;
    /** When {@link #deferred} was set; read by DeferredWrites without the lock. */
    private volatile long deferredSince;
    /**
     * Failures of stage-less sends, waiting for the reader to hand them to the handler (every
     * handler call is the reader's); guarded by the lock, created on the first.
     */
    private List<Throwable> unsent;
    /** Whether {@link #unsent} holds any: lets the reader skip the lock when it does not. */
    private volatile boolean hasUnsent;
    /** The batch the writing thread polls into, reused (one thread writes at a time); created on first use. */
    private List<Outbound> batch;
    /**
     * Whether the batch made for the first write (the handshake's) has been let go: dropped once,
     * when that write is done, so that a connection silent after its handshake holds none (about
     * 80 bytes); a batch made after that is kept, so echoing allocates none.
     */
    private boolean firstBatchDropped;

    private LoomConnection(LoomTransport transport, Connection engine, Consumer<LoomConnection> onEnd,
                           CompletableFuture<WebSocketSession> opening, WebSocketHandler clientHandler,
                           SSLContext serverTls) {
        this.transport = transport;
        this.serverTls = serverTls;
        this.engine = engine;
        this.onEnd = onEnd;
        this.opening = opening;
        this.clientHandler = clientHandler;
        this.timer = new ConnectionTimer(transport, this);
        engine.useOutput(transport.output(), this); // its own SendFailures: no method reference held per connection
    }

    /** A connection a server accepted, speaking TLS with {@code tls} unless it is {@code null}; {@link #run} runs it. */
    static LoomConnection accepted(LoomTransport transport, SocketChannel channel, RequestRouter router,
                                   HttpLimits limits, SSLContext tls, Consumer<LoomConnection> onEnd) throws IOException {
        LoomConnection c = new LoomConnection(transport, new ServerConnection(router, limits), onEnd, null, null, tls);
        c.channel = channel;
        c.remote = (InetSocketAddress) channel.getRemoteAddress();
        c.engine.observe(transport.metrics(), c.remote);
        return c;
    }

    /** A client connection; {@link #connectAndServe} runs it. */
    static LoomConnection client(LoomTransport transport, ClientHandshake handshake, ProtocolConfig config,
                                 WebSocketHandler handler, CompletableFuture<WebSocketSession> opening,
                                 Consumer<LoomConnection> onEnd) {
        return new LoomConnection(transport, new ClientConnection(handshake, config), onEnd, opening, handler, null);
    }

    // ---------------------------------------------------------------- the reader thread

    /**
     * Runs the connection to its end, as its reader thread's task: for an accepted one, TLS and
     * its handshake first (a client has run them in {@link #connectAndServe}, which then calls
     * this); then writes, reads and dispatches until the stream ends. Each turn starts by writing
     * what the last one queued, so a handler's replies to one read leave together, before the
     * next read.
     *
     * <p>This is the frame an idle connection's reader waits in, under the socket's read, and a
     * parked virtual thread keeps its frames on the heap, as large as they were when it parked
     * (an interpreted or lightly compiled frame holds every local of its method, and a fresh
     * server's are: each reader enters this once, long before it is compiled fully). So the read
     * loop is here, not in a method of its own, and the thread runs this itself, not through a
     * lambda: a frame fewer under every parked read. It keeps few locals: its state lives in the
     * reader's fields, and the work around a read is {@link #nextReadBuffer}'s and
     * {@link #afterRead}'s, off the stack while the reader waits.
     */
    @Override
    public void run() {
        reader = Thread.currentThread();
        ByteBuffer buffer = null;
        try {
            if (link == null) {
                link = serverTls == null ? new PlainLink(channel) : TlsSockets.server(serverTls, channel);
                start();
                link.handshake();
            }
            // The reader waits in read with a buffer of its own, small because every idle connection
            // holds one. Only when a read filled the buffer it read into (so more bytes are likely
            // waiting) does it borrow a large one from the pool, and gives it back once a read into
            // it brings no more than its own would hold (see keepsPooled).
            // Knowing instead of guessing would cost a system call per read (FIONREAD); a guess that
            // is wrong only parks the reader holding a pooled buffer, and the pool makes no more
            // buffers than it has slots, so such waits cannot make memory grow: a reader that finds
            // none lent reads into its own.
            // Direct like the pool's: a heap buffer would be copied through a temporary direct one.
            own = transport.ownReadBuffers().take();
            // Plain TCP is read from the channel itself: one frame fewer in every parked reader's stack.
            SocketChannel plain = link instanceof PlainLink ? channel : null;
            try {
                while ((buffer = nextReadBuffer()) != null) {
                    int n = plain != null ? plain.read(buffer) : link.read(buffer);
                    if (n < 0) {
                        break; // a message cut off by the end is lost to the engine as it would be anyway
                    }
                    afterRead(buffer, n);
                    releaseReadBuffer(buffer, n);
                    buffer = null;
                }
            } catch (IOException e) {
                // Reset by the peer, or closed by this side: the stream has ended either way.
            }
            releaseReadBuffers(buffer);
            buffer = null;
            endOfStream();
        } catch (IOException | RuntimeException e) {
            // A TLS handshake that failed or a socket that broke before any WebSocket existed:
            // nobody is owed an event. After the upgrade, endOfStream reports the end itself.
            failed(e);
        } catch (Throwable e) {
            // An Error from this connection's work (out of memory, a handler's stack overflow)
            // ends this connection only; its thread is its own, and nothing else shares it.
            failed(e);
        } finally {
            releaseReadBuffers(buffer);
            if (own != null) {
                transport.ownReadBuffers().give(own); // the engine keeps nothing of what it was fed: no event refers to it
                own = null;
            }
            end();
        }
    }

    /**
     * Tells whoever is owed it that the connection failed: a client's connect, or else the log (a
     * broken socket at DEBUG, anything else as a WARNING, with the peer).
     */
    private void failed(Throwable e) {
        if (opening != null) {
            opening.completeExceptionally(e); // a no-op once the connection has opened
        } else if (e instanceof IOException || e instanceof RuntimeException) {
            logFailure(e);
        } else {
            LOG.log(System.Logger.Level.WARNING, "connection with " + remote + " failed; closing it", e);
        }
    }

    /** Resolves, connects, runs TLS and the opening handshake, then the connection, on its reader thread. */
    void connectAndServe(ClientHandshake handshake, SSLContext tls, Duration connectTimeout) {
        reader = Thread.currentThread();
        try {
            dev.weft.codec.http.HttpProxy proxy = handshake.proxy();
            if (proxy == null) {
                channel = Dialer.open(handshake.host(), handshake.port(), connectTimeout, this::adopt);
            } else {
                // TCP to the proxy, then a tunnel to the server; TLS and the handshake run inside it.
                long begin = System.nanoTime();
                try {
                    channel = Dialer.open(proxy.host(), proxy.port(), connectTimeout, this::adopt);
                } catch (java.net.ConnectException e) {
                    throw new java.net.ConnectException("connection refused: the proxy " + proxy.authority());
                } catch (java.net.SocketTimeoutException e) {
                    throw new java.net.SocketTimeoutException("connect to the proxy " + proxy.authority() + " timed out");
                }
                long left = connectTimeout.isZero() ? Integer.MAX_VALUE
                        : connectTimeout.toMillis() - (System.nanoTime() - begin) / 1_000_000;
                ProxyDial.open(channel, new dev.weft.codec.http.ProxyTunnel(proxy, handshake.host(), handshake.port()),
                        proxy.authority(), left);
            }
            remote = (InetSocketAddress) channel.getRemoteAddress();
            engine.observe(transport.metrics(), remote);
            Thread.currentThread().setName("weft-loom-conn-" + remote);
            link = handshake.secure() ? TlsSockets.client(tls, channel, handshake.host(), handshake.port())
                    : new PlainLink(channel);
            start();
            try {
                link.handshake();
            } catch (IOException e) {
                throw tlsFailure(e);
            }
        } catch (Throwable e) {
            opening.completeExceptionally(e);
            end();
            return;
        }
        run(); // its first write is the upgrade request, queued by the engine
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
            updateDeadline();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what the last turn queued, waits while the engine is over its high-water mark, and
     * picks the buffer the next read goes into: the one gathering a message, a pooled one after a
     * read that filled its buffer, or the reader's own. Reader thread only.
     *
     * @return the buffer to read into, from its position (the bytes before it, from
     *         {@link #gatherFrom}, are the start of a message being gathered); {@code null} once
     *         the connection is done
     */
    private ByteBuffer nextReadBuffer() {
        if (!writeOwnOutput() || !awaitWritable()) {
            return null;
        }
        if (drained) {
            // The last read emptied the socket and its replies have gone: under load,
            // the other readers run first, and the next read finds bytes instead of parking.
            yieldsToSkip = YieldBeforeRead.maybeYield(yieldsToSkip);
        }
        ByteBuffer next = gathering;
        continuing = next != null;
        if (next != null) {
            gathering = null; // lent to this read; afterRead keeps it gathering if the message is still cut off
            return next;
        }
        gatherFrom = 0;
        next = held;
        if (next != null) {
            held = null; // lent to this read; releaseReadBuffer keeps holding it while the connection is busy
            return next.clear();
        }
        if (filled && (next = transport.readBuffers().tryTake()) != null) {
            return next;
        }
        return own.clear();
    }

    /**
     * Once reading has stopped: gives back the buffer the last read went into, if the loop left
     * one ({@code null} if not), and the message being gathered, if any.
     */
    private void releaseReadBuffers(ByteBuffer buffer) {
        if (buffer != null) {
            releaseReadBuffer(buffer, 0);
        }
        if (gathering != null) {
            transport.readBuffers().give(gathering);
            gathering = null;
        }
        if (held != null) {
            transport.readBuffers().give(held);
            held = null;
        }
    }

    /**
     * After {@code buffer} took a read of {@code n} bytes and the engine is done with them: gives
     * it back to the pool, unless it is the reader's own, still gathering, or worth holding for the
     * next read (see {@link #keepsPooled}).
     */
    private void releaseReadBuffer(ByteBuffer buffer, int n) {
        if (buffer == own || buffer == gathering) {
            return;
        }
        BufferPool pool = transport.readBuffers();
        if (keepsPooled(n) && pool.canSpare(pool.slots() / POOL_RESERVE_DIVISOR)) {
            held = buffer;
        } else {
            pool.give(buffer);
        }
    }

    /**
     * Whether a reader whose last read into a pooled buffer brought {@code n} bytes, or the rest of
     * a message it gathered, keeps that buffer for its next read, even one that waits. A busy
     * connection (a window of 1 KiB messages, say) finds more than its own buffer holds at nearly
     * every read, and would otherwise pay two reads each time: one that fills its own buffer, and
     * one into a pooled buffer for the rest, with the first bytes copied over. A read that brought
     * no more than its own buffer holds, and did not finish a gathered message, means the
     * connection has gone quiet: the buffer goes back, and the reader waits in its own again, so
     * an idle connection holds no pooled buffer. One silent ever since a busy read holds its
     * buffer until it reads again; the pool makes no more buffers than it has slots, so that
     * cannot make memory grow. Busy readers keep buffers only while a part of the pool
     * ({@link #POOL_RESERVE_DIVISOR}) is left to lend: the others still need one for a read that
     * filled their own, or to gather a message cut off, and without one read 512 bytes at a time.
     */
    private boolean keepsPooled(int n) {
        // The rest of a message gathered across reads may be short, but the connection is busy:
        // its own buffer would have been filled by that message's start.
        return n > OWN_READ_BUFFER || continuing;
    }

    /**
     * Hands the {@code n > 0} bytes a read put into {@code buffer} to the engine and the events
     * they make to the application, and gives way after a bounded amount of work. A message cut
     * off at the end of the read, whose frame headers say it fits a pooled buffer, is gathered
     * whole in one before the engine sees it, so that the engine lends it as a view rather than
     * assembling a copy: the whole messages before it go to the engine, it moves to the front of
     * a pooled buffer ({@link #gathering}), and the next read goes on after it. Reader thread only.
     */
    private void afterRead(ByteBuffer buffer, int n) {
        BufferPool pool = transport.readBuffers();
        int from = gatherFrom;
        filled = !buffer.hasRemaining();
        // Only a read of WebSocket traffic counts as drained, not the one that brought the opening
        // handshake (the engine is upgraded only by what it is fed below): the yield is for a peer
        // exchanging messages, and one that has just connected may well stay silent. A yield
        // then, just before the read an idle reader waits in, would leave its frames split over
        // two stack chunks on the heap, the yield's (as large as its frames) and the read's.
        drained = n > 0 && !filled && engine.isUpgraded(); // the reader alone upgrades the engine
        buffer.limit(buffer.position()).position(from);
        ByteBuffer keep = null;
        int cut = buffer.limit();
        int needed = 0;
        if (n > 0 && atMessageBoundary()) {
            long scanned = MessageExtent.scan(buffer);
            needed = MessageExtent.needed(scanned);
            if (needed > 0 && needed <= pool.bufferSize()) {
                keep = buffer != own ? buffer : pool.tryTake();
                if (keep != null) {
                    cut = buffer.position() + MessageExtent.whole(scanned);
                    gathering = keep; // from here on given back by run if all fails
                }
            }
        }
        int end = buffer.limit();
        bytesSinceYield += n;
        int messages;
        if (cut > from) {
            receive(buffer.limit(cut));
            // Before the buffer goes back: the engine reads on in it as events are
            // taken, and lends the handler views of it.
            messages = dispatchEvents();
        } else {
            // Only the start of a message, kept for the next read: the engine has
            // nothing to do yet, and the connection has been heard.
            lastRead = System.nanoTime();
            messages = messagesSinceYield;
        }
        if (keep != null) {
            if (keep == buffer && cut + needed <= buffer.capacity()) {
                // The message fits where it starts: the next read goes on after it, nothing moves.
                buffer.limit(buffer.capacity()).position(end);
                gatherFrom = cut;
            } else {
                buffer.limit(end).position(cut);
                if (keep == buffer) {
                    buffer.compact();
                } else {
                    keep.clear().put(buffer);
                }
                gatherFrom = 0;
            }
        }
        if (messages + bytesSinceYield / YIELD_BYTES_PER_MESSAGE >= YIELD_AFTER_MESSAGES) {
            // A reader that always finds data never parks, and would keep its carrier
            // from the other connections' readers: after a bounded amount of work, it
            // gives way (a no-op when nobody else waits for the carrier).
            bytesSinceYield = 0;
            messagesSinceYield = 0;
            Thread.yield();
        }
    }

    /** Whether the engine speaks WebSocket and the next byte it receives starts a message. */
    private boolean atMessageBoundary() {
        lock.lock();
        try {
            return engine.isUpgraded() && engine.protocol().isAtMessageBoundary();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Feeds bytes read to the engine. It reads on in them, and lends views of them, as events are
     * taken: the buffer is free again once {@link #dispatchEvents()} has found no more.
     */
    private void receive(ByteBuffer bytes) {
        lastRead = System.nanoTime();
        CompletableFuture<?> answer;
        lock.lock();
        try {
            engine.receive(bytes);
            answer = awaitedResponse();
            updateDeadline();
        } finally {
            lock.unlock();
        }
        // A deferred response: this connection's own thread simply waits for it, then goes on
        // with whatever arrived behind the request. Nothing else waits on this thread.
        while (answer != null) {
            while (!dead) {
                try {
                    answer.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    // look again whether the connection was dropped meanwhile (a timeout, a shutdown)
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                    break; // the engine answers a failed response with 500
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            lock.lock();
            try {
                if (answer.isDone()) {
                    ((ServerConnection) engine).resumeDeferred();
                    answer = awaitedResponse();
                } else {
                    ((ServerConnection) engine).abandonDeferred(); // dropped before it was answered
                    answer = null;
                }
                updateDeadline();
            } finally {
                lock.unlock();
            }
        }
    }

    private CompletableFuture<?> awaitedResponse() {
        return engine instanceof ServerConnection server ? server.awaitedResponse() : null;
    }

    /**
     * Writes everything queued, unless another thread is writing it already; returns whether the
     * connection lives on.
     */
    private boolean writeOwnOutput() {
        lock.lock();
        try {
            deferred = false; // written now, by this thread or by the writer that already writes
            if (!claimWriting(Thread.currentThread())) {
                return !dead;
            }
        } finally {
            lock.unlock();
        }
        drain();
        return !dead;
    }

    /**
     * Waits while the engine is over its high-water mark (a writer is at work meanwhile); returns
     * whether to go on reading.
     */
    private boolean awaitWritable() {
        lock.lock();
        try {
            while (!dead && !engine.isWritable()) {
                if (changed == null) {
                    changed = lock.newCondition();
                }
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
            updateDeadline();
        } finally {
            lock.unlock();
        }
        Outbounds.fail(orphans, "the connection closed before this was written");
        dispatchEvents();
    }

    /**
     * Hands every queued event to the application. Taking an event can release a close the engine
     * held back until the messages before it were answered; the output that queues is written by
     * the reader's next turn.
     */
    private int dispatchEvents() {
        deliverSendFailures();
        while (true) {
            ProtocolEvent event;
            lock.lock();
            try {
                event = engine.nextEvent();
                if (event instanceof ProtocolEvent.Opened) {
                    handler = engine instanceof ServerConnection server ? server.handler() : clientHandler;
                    engine.protocol().useStages(this); // before the application can send
                }
                if (!(event instanceof ProtocolEvent.BinaryReceived || event instanceof ProtocolEvent.TextReceived)) {
                    // Deadlines follow the engine's state, which a message taken leaves as it was
                    // (receive already stamped the bytes heard): they are brought up to date once
                    // the run of messages ends, and at every other event, not once per message.
                    updateDeadline();
                }
            } finally {
                lock.unlock();
            }
            if (event == null) {
                return messagesSinceYield;
            }
            messagesSinceYield++;
            deliver(event);
        }
    }

    /** A stage-less send was not written: noted for the reader, which tells the handler. */
    @Override
    public void sendFailed(Throwable cause) {
        lock.lock();
        try {
            if (unsent == null) {
                unsent = new ArrayList<>(2);
            }
            unsent.add(cause);
            hasUnsent = true;
        } finally {
            lock.unlock();
        }
    }

    /** Hands noted send failures to the handler's onError; reader thread only. */
    private void deliverSendFailures() {
        if (!hasUnsent) {
            return;
        }
        List<Throwable> failures;
        lock.lock();
        try {
            failures = unsent;
            unsent = null;
            hasUnsent = false;
        } finally {
            lock.unlock();
        }
        if (failures == null || handler == null) {
            return;
        }
        for (Throwable cause : failures) {
            try {
                handler.onError(session, cause);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "the WebSocket handler failed in onError for " + remote, e);
            }
        }
    }

    private void deliver(ProtocolEvent event) {
        switch (event) {
            case ProtocolEvent.Opened opened -> {
                subprotocol = opened.subprotocol();
                if (opening != null) {
                    // onOpen first, then the future: whoever joins the connect finds the handler already told.
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
        Thread w;
        lock.lock();
        try {
            orphans = pollAll();
            timer.cancel();
            timer.cancelEngine();
            w = writing;
        } finally {
            lock.unlock();
        }
        Outbounds.fail(orphans, "the connection closed before this was written");
        if (opening != null && !opening.isDone()) {
            opening.completeExceptionally(new IOException("the connection closed during the opening handshake"));
        }
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(CLIENT_END_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (Thread.currentThread() == reader) {
            deliverSendFailures(); // what the end itself failed, and what a writer failed meanwhile
        }
        onEnd.accept(this);
    }

    // ---------------------------------------------------------------- writing, on whichever thread owns it

    /** Whether output (or a close) waits that nobody is writing. Lock held. */
    private boolean needsWriter() {
        return writing == null && !dead && (engine.hasOutput() || wantsClose());
    }

    /**
     * Makes {@code thread} the one that writes, if output (or a close) waits and nobody writes
     * yet. Lock held.
     *
     * @return whether {@code thread} now owns writing and must {@link #drain()}
     */
    private boolean claimWriting(Thread thread) {
        if (!needsWriter()) {
            return false;
        }
        writing = thread;
        return true;
    }

    /**
     * Makes sure queued output gets written when the reader will not write it soon: claims writing
     * for a new writer thread, which the caller starts once the lock is released. Lock held.
     *
     * @return the writer to start, or {@code null} if someone writes already or nothing waits
     */
    private Thread writerIfNeeded() {
        if (!needsWriter()) {
            return null;
        }
        writing = Thread.ofVirtual().name("weft-loom-write-" + remote).unstarted(this::drain);
        return writing;
    }

    /**
     * Writes queued output, a batch at a time, until none is left, as the thread that owns
     * writing; then gives ownership up, or closes TCP if the engine asks for it. A failed write
     * fails its batch and aborts the connection.
     */
    private void drain() {
        List<Outbound> batch = this.batch;
        if (batch == null) {
            batch = new ArrayList<>();
            this.batch = batch;
        }
        try {
            while (true) {
                boolean close = false;
                lock.lock();
                try {
                    if (dead) {
                        writing = null; // end() fails what is still queued
                        return;
                    }
                    long bytes = 0;
                    Outbound out;
                    while (bytes < BATCH_BYTES && (out = engine.pollOutput()) != null) {
                        batch.add(out);
                        // Counted as the engine counts them, overhead included: a batch of tiny
                        // messages held through a blocked write must not escape the queue's bound.
                        bytes += out.remaining() + ProtocolConfig.QUEUED_OUTPUT_OVERHEAD;
                    }
                    if (batch.isEmpty()) {
                        if (wantsClose()) {
                            close = true; // and keep ownership: nothing is written after this
                        } else {
                            writing = null;
                            if (!firstBatchDropped) {
                                // The first write (the handshake's) is done: a connection that
                                // stays silent now holds no batch; the next one made is kept.
                                this.batch = null;
                                firstBatchDropped = true;
                            }
                        }
                    }
                    // Polling may have brought the engine back under its low-water mark.
                    signalChanged();
                } finally {
                    lock.unlock();
                }
                if (close) {
                    closeGracefully();
                    return;
                }
                if (batch.isEmpty()) {
                    return;
                }
                link.write(batch);
                lastProgress = System.nanoTime();
                lastRead = lastProgress; // idleness is silence both ways: a server pushing data is not idle
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(); // its buffers go back to the transport's pool
                }
                batch.clear();
            }
        } catch (Throwable e) {
            logFailure(e);
            Outbounds.fail(batch, "the connection failed: " + e.getMessage());
            batch.clear();
            abort();
            release(Thread.currentThread());
        }
    }

    /**
     * Logs why a connection failed: a broken socket is the network's doing and common (DEBUG);
     * anything else is a defect here and is logged as a WARNING, with the peer.
     */
    private void logFailure(Throwable e) {
        System.Logger.Level level = e instanceof IOException ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
        if (LOG.isLoggable(level)) {
            LOG.log(level, "connection with " + remote + " failed" + (level == System.Logger.Level.WARNING ? "; closing it" : ""), e);
        }
    }

    /** Gives up writing after a failure, so that the connection can end. */
    private void release(Thread owner) {
        lock.lock();
        try {
            if (writing == owner) {
                writing = null;
            }
            signalChanged();
        } finally {
            lock.unlock();
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

    /**
     * Called by a {@link ReaderStage} about to be waited on: on the reader thread, whose output
     * would otherwise wait for the handler to return, writes what is queued now.
     */
    void writeBeforeReaderWaits() {
        if (Thread.currentThread() != reader) {
            return;
        }
        lock.lock();
        try {
            deferred = false;
            // If another thread writes, it writes this too; if the reader writes (a callback of
            // one of its own writes waiting for a later one), nothing can be done here.
            if (!claimWriting(Thread.currentThread())) {
                return;
            }
        } finally {
            lock.unlock();
        }
        drain();
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

    @Override
    boolean isDeferred() {
        return deferred;
    }

    /** When the reader last left a handler's output for itself; see {@link DeferredWrites}. */
    @Override
    long deferredSince() {
        return deferredSince;
    }

    /**
     * Called by {@link DeferredWrites} once the reader's deferred output has waited its bound: if
     * the reader has still not written it (its handler is blocked), a writer writes it now. If the
     * reader is busy instead, the output stays deferred from now, and DeferredWrites, which keeps
     * a connection while it is deferred, looks again then.
     */
    @Override
    void flushDeferred() {
        if (!deferred) {
            return; // the usual case: the reader wrote it long ago; no need to take its lock
        }
        Thread writer;
        lock.lock();
        try {
            if (!deferred || System.nanoTime() - deferredSince < DeferredWrites.DELAY_NANOS) {
                return; // written meanwhile, or deferred again later: DeferredWrites looks again then
            }
            Thread r = reader;
            if (r != null && r.getState() == Thread.State.RUNNABLE) {
                // Busy, not blocked (a long run of messages from one read): it writes as soon as
                // it is through. A writer now would let it read on while that writer waits on a
                // peer that does not read, and fill the queue it would otherwise stop at.
                deferredSince = System.nanoTime();
                writer = null;
            } else {
                deferred = false;
                writer = writerIfNeeded();
            }
        } finally {
            lock.unlock();
        }
        startWriter(writer);
    }

    /** Server shutdown: close an open WebSocket with 1001; let a plain HTTP exchange finish, then close. */
    void goAway() {
        Thread writer;
        lock.lock();
        try {
            if (engine.isUpgraded()) {
                if (engine.state() == ConnectionState.OPEN) {
                    engine.protocol().close(CloseCode.GOING_AWAY, "server shutting down");
                }
            } else {
                drainThenClose = true;
            }
            updateDeadline();
            writer = writerIfNeeded();
        } finally {
            lock.unlock();
        }
        startWriter(writer);
    }

    /**
     * A send from the application, from any thread. On the reader thread, from a handler, the
     * output is left for the reader to write with the rest of its turn's replies, unless it filled
     * the queue past the high-water mark; from anywhere else, a writer starts if nobody writes.
     */
    CompletableFuture<Void> send(Function<WebSocketProtocol, CompletableFuture<Void>> operation) {
        boolean onReader = Thread.currentThread() == reader;
        CompletableFuture<Void> written;
        Thread writer;
        lock.lock();
        try {
            written = operation.apply(engine.protocol());
            writer = planWrite(onReader);
        } finally {
            lock.unlock();
        }
        startWriter(writer);
        return written; // on the reader, a ReaderStage (see newStage)
    }

    /**
     * Makes the stage of a send the engine queues (lock held): on the reader thread, a
     * {@link ReaderStage}, which writes first if waited on; elsewhere a plain future.
     */
    @Override
    public CompletableFuture<Void> newStage() {
        return Thread.currentThread() == reader ? new ReaderStage<>(this) : new CompletableFuture<>();
    }

    /**
     * A send without a completion stage ({@link WebSocketSession#offerBinary}), from any thread;
     * written as {@link #send} writes.
     */
    boolean offerBinary(ByteBuffer data) {
        boolean onReader = Thread.currentThread() == reader;
        boolean accepted;
        Thread writer;
        lock.lock();
        try {
            if (!engine.isUpgraded()) {
                return false;
            }
            accepted = engine.protocol().offerBinary(data);
            writer = planWrite(onReader);
        } finally {
            lock.unlock();
        }
        startWriter(writer);
        return accepted;
    }

    /**
     * After a send queued output: on the reader thread, from a handler, the output is left for the
     * reader to write with the rest of its turn's replies, unless it filled the queue past the
     * high-water mark; from anywhere else, a writer starts if nobody writes. Lock held.
     *
     * @return the writer to start once the lock is released, or {@code null}
     */
    private Thread planWrite(boolean onReader) {
        if (!onReader || engine.state() != ConnectionState.OPEN) {
            // A message sent from a handler leaves the deadlines as they were (it changes neither
            // the state nor what was heard, and the reader brings them up to date once its run
            // of messages ends); everything else, a close above all, moves them now.
            updateDeadline();
        }
        Thread writer = onReader && engine.isWritable() ? null : writerIfNeeded();
        if (onReader && writer == null && writing == null && !deferred && engine.hasOutput()) {
            // Left for the reader, which writes once the handler returns; if the handler
            // blocks instead, DeferredWrites starts a writer soon after.
            deferred = true;
            deferredSince = System.nanoTime();
            transport.deferredWrites().defer(this);
        }
        return writer;
    }

    private void startWriter(Thread writer) {
        if (writer == null) {
            return;
        }
        try {
            writer.start();
        } catch (RuntimeException e) {
            // No thread could be had (the JVM is out of them, or shutting down): the output can never go.
            abort();
            release(writer);
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

    String path() {
        return engine.path(); // a plain read of a field set before the connection opened
    }

    Thread readerThread() {
        return reader;
    }

    private void signal() {
        lock.lock();
        try {
            signalChanged();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the reader if it waits for the engine to become writable. Lock held. */
    private void signalChanged() {
        if (changed != null) {
            changed.signalAll();
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

    // ---------------------------------------------------------------- timers

    /**
     * Tells the engine the time (it stamps what it heard and does what is due), then arms the
     * deadlines its state calls for. Lock held.
     */
    private void updateDeadline() {
        if (dead || !started) {
            timer.require(Deadline.NONE);
            timer.cancelEngine();
            return;
        }
        long now = System.nanoTime();
        engine.tick(now);
        timer.require(timer.wanted(engine));
        // Giving the peer up is done on the timer thread, outside the lock: wake it at once.
        timer.requireEngineAt(engine.shouldAbortTransport() ? now : engine.nextDeadline(), now);
    }

    /**
     * Called on the timer thread at the engine's deadline: the engine does what is due (queues a
     * keepalive ping, or gives up a peer that did not answer one, or a closing handshake that took
     * too long), and the connection writes or drops TCP accordingly.
     */
    void engineDue() {
        boolean drop;
        Thread writer = null;
        lock.lock();
        try {
            timer.cancelEngine(); // it fired; updateDeadline arms the next
            if (dead) {
                return;
            }
            engine.tick(System.nanoTime());
            drop = engine.shouldAbortTransport();
            if (drop) {
                dead = true;
            } else {
                writer = writerIfNeeded(); // the keepalive ping
                updateDeadline();
            }
        } finally {
            lock.unlock();
        }
        if (drop) {
            abort(); // the reader sees the end of the stream and reports the close
        }
        startWriter(writer);
    }

    /** Called on the timer thread when {@code which} fires: acts on it if it has really passed. */
    void expire(Deadline which) {
        boolean drop = false;
        Thread writer = null;
        lock.lock();
        try {
            if (dead || !timer.isArmed(which)) {
                return;
            }
            long now = System.nanoTime();
            switch (which) {
                case HANDSHAKE -> {
                    // Measured from the start, or from the last response written on a keep-alive connection.
                    long due = since(lastProgress) + transport.options().handshakeTimeout().toNanos();
                    if (now - due < 0) {
                        timer.recheckAfter(which, due - now);
                        return;
                    }
                    engine.handshakeTimedOut();
                    handshakeExpired = true;
                    drop = true;
                }
                case IDLE -> {
                    long due = since(lastRead) + transport.options().idleTimeout().toNanos();
                    if (now - due < 0) {
                        timer.recheckAfter(which, due - now);
                        return;
                    }
                    engine.idleTimedOut();
                }
                case CLOSE_WAIT -> {
                    // Armed when closing became due; a stall, not the whole of the last output, is bounded.
                    long due = since(lastProgress) + transport.options().closeWaitTimeout().toNanos();
                    if (now - due < 0) {
                        timer.recheckAfter(which, due - now);
                        return;
                    }
                    drop = true;
                }
                case NONE -> {
                    return;
                }
            }
            timer.cancel(); // it fired; what applies next is decided below
            if (drop) {
                dead = true;
            } else {
                writer = writerIfNeeded(); // the idle timeout's close frame
            }
            updateDeadline();
        } finally {
            lock.unlock();
        }
        if (drop) {
            abort();
        }
        startWriter(writer);
    }

    /** The later of {@code stamp} and the last file chunk written: a long file is progress before it is done. */
    private long since(long stamp) {
        Link l = link;
        long file = l == null ? 0 : l.fileProgressNanos();
        return file != 0 && file - stamp > 0 ? file : stamp;
    }

    @Override
    public String toString() {
        return "loom connection to " + remote;
    }
}
