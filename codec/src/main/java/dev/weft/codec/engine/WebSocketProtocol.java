package dev.weft.codec.engine;

import dev.weft.codec.engine.ProtocolEvent.BinaryReceived;
import dev.weft.codec.engine.ProtocolEvent.Closed;
import dev.weft.codec.engine.ProtocolEvent.FragmentReceived;
import dev.weft.codec.engine.ProtocolEvent.PingReceived;
import dev.weft.codec.engine.ProtocolEvent.PongReceived;
import dev.weft.codec.engine.ProtocolEvent.ProtocolFailure;
import dev.weft.codec.engine.ProtocolEvent.TextReceived;
import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.MessageTransform;
import dev.weft.codec.frame.ClosePayload;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.FailConnectionException;
import dev.weft.codec.frame.FrameDecoder;
import dev.weft.codec.frame.FrameEncoder;
import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.MaskingKeySource;
import dev.weft.codec.frame.MessageAssembler;
import dev.weft.codec.frame.MessageListener;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import dev.weft.codec.internal.WellFormedText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * RFC 6455 after the opening handshake, for one connection, with no I/O: bytes from the peer go
 * in through {@link #receive(ByteBuffer)} and come out as {@link ProtocolEvent}s; the
 * application's sends go in and come out as {@link Outbound} bytes.
 *
 * <p>It does on its own what the protocol demands of every endpoint:
 * <ul>
 *   <li>answers each ping with a pong carrying the same data (§5.5.2);</li>
 *   <li>runs the closing handshake (§5.5.1, §7.1): echoes the peer's close code, sends nothing
 *       after its own close frame, ignores data after the peer's, and says when TCP should close
 *       ({@link #shouldCloseTransport()}): at once for a server, and for a client only once the
 *       server has had a close-wait period to close first (§7.1.1);</li>
 *   <li>lets the application answer the messages that arrived before the peer's close frame, or
 *       before a protocol violation, in the same input: the close frame and the state change wait
 *       until those message events have been taken from {@link #nextEvent()} (§5.5.1 allows an
 *       endpoint to delay its close frame until its current message is sent);</li>
 *   <li>fails the connection on any protocol error with the right code (1002, 1007, 1009) and stops
 *       reading;</li>
 *   <li>counts queued outbound bytes against high- and low-water marks, so that a transport can
 *       stop reading from a peer that does not read ({@link #isWritable()});</li>
 *   <li>keeps the peer honest in time ({@link Keepalive}): pings it after a silence, gives it up
 *       when the pong does not come, and bounds the closing handshake. It reads no clock: the
 *       transport calls {@link #tick(long)} after each read and at {@link #nextDeadline()}.</li>
 * </ul>
 *
 * <p><b>Reading on demand, and lending.</b> {@link #receive(ByteBuffer)} decodes its input only up
 * to the first whole message, and {@link #nextEvent()} decodes on from there once the application
 * has taken the events so far: so a message whose frames all came in one input is handed out as
 * a view of that input ({@link ProtocolEvent.BinaryReceived}, {@link ProtocolEvent.FragmentReceived}),
 * in an event object that is reused, with no copy and no allocation, and stays intact until the
 * application comes back for the next event. The transport's part of the bargain: the buffer it
 * passes to {@code receive} stays untouched until {@code nextEvent()} has returned {@code null}
 * (it may then read into it again). A transport that calls {@code receive} again sooner still
 * gets every event, the rest of the earlier input decoded first, with copies in place of views.
 *
 * <p>States go {@link ConnectionState#OPEN} → {@link ConnectionState#CLOSING} →
 * {@link ConnectionState#CLOSED}, and no path leads to sending after a close frame. Not
 * thread-safe: a transport calls it from one thread at a time (an event loop, or under a lock).
 */
public final class WebSocketProtocol {

    /** What {@link #nextDeadline()} returns when no timer applies. */
    public static final long NO_DEADLINE = PeerWatch.NONE;

    private final ProtocolConfig config;
    private final Role role;
    /**
     * Reads the peer's frames into messages: the decoder, the message assembler behind it and, with
     * extensions, their stage between the two. Made at the first byte after the handshake: a
     * connection that stays silent holds none of it (about 230 bytes).
     */
    private FrameDecoder decoder;
    /** Made at the first frame sent: a connection that stays silent after its handshake needs none. */
    private FrameEncoder encoder;
    /** The masking key source the encoder will use, or {@code null} for the default strong source. */
    private final MaskingKeySource keys;
    private final List<Extension> extensions;
    /** The assembler behind {@link #decoder}, made with it. */
    private MessageAssembler messages;

    // Made at the first event or output, small (they grow as traffic needs): a connection that
    // stays idle after its handshake never needs them, and it should cost little.
    private ArrayDeque<ProtocolEvent> events;
    private ArrayDeque<Outbound> output;
    private long queuedBytes;
    private boolean writable = true;

    private ConnectionState state = ConnectionState.OPEN;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean closeTransport;
    /** Set when TCP must go at once, with whatever is still unwritten: the peer stopped answering. */
    private boolean abortTransport;
    private final PeerWatch watch;
    /**
     * The end of the connection (the answer to the peer's close frame, or the failure of the
     * connection), held back until the application has taken the message events queued before it;
     * {@code null} when nothing is held.
     */
    private Runnable heldEnding;
    /** How many queued events the application takes before {@link #heldEnding} runs. */
    private int eventsBeforeEnding;
    /** The type of the fragmented message this end is sending, or {@code null}. */
    private Opcode sendingFragmentsOf;
    private List<MessageTransform> sendingTransforms = List.of();
    /** Input {@link #receive} was given and has not decoded yet (it paused after a message), else {@code null}. */
    private ByteBuffer pending;
    /** The input being decoded now: a part of a message that lies in it can be lent as a view. */
    private ByteBuffer decoding;
    /** Set while decoding must not pause: the rest of an earlier input, ahead of new input or EOF. */
    private boolean eager;
    /** The reusable events and views lent to the application; made at the first data message. */
    private Loans loans;
    /** Where events, metrics and warnings go; the owning {@link Connection} names the peer. */
    Observer observer;
    /** Where outgoing frames are built: the transport's pool, or new heap buffers. */
    private OutputPool pool = OutputPool.unpooled();
    /** Where the stages of sends come from; see {@link #useStages}. */
    private SendStages stages = SendStages.PLAIN;
    /** Where a stage-less send that fails after it was accepted is reported. */
    private SendFailures sendFailures = this::logSendFailure;

    /**
     * Creates an open connection with no extensions.
     *
     * @param config limits, role and water marks
     */
    public WebSocketProtocol(ProtocolConfig config) {
        this(config, List.of(), null);
    }

    /**
     * Creates an open connection.
     *
     * @param config     limits, role and water marks
     * @param extensions the negotiated extensions, in the order negotiated; their RSV bits are
     *                   allowed on the wire
     * @param keys       the masking key source for a client, or {@code null} for the default
     *                   strong source
     */
    public WebSocketProtocol(ProtocolConfig config, List<Extension> extensions, MaskingKeySource keys) {
        this(config, extensions, keys, null);
    }

    /**
     * Creates an open connection that reports through {@code observer}: a {@link Connection}'s
     * own, so that the engine it starts makes no observer of its own only to drop it (64 bytes of
     * garbage per handshake).
     *
     * @param observer where events, metrics and warnings go, or {@code null} for a new unnamed one
     */
    WebSocketProtocol(ProtocolConfig config, List<Extension> extensions, MaskingKeySource keys, Observer observer) {
        this.config = Objects.requireNonNull(config, "config");
        this.role = config.role();
        this.extensions = List.copyOf(extensions);
        this.keys = keys;
        this.watch = new PeerWatch(config.keepalive());
        this.observer = observer != null ? observer : Observer.unnamed(role == Role.SERVER ? "server" : "client");
    }

    /**
     * Sets where outgoing frames are built and where stage-less sends report their failures. A
     * transport calls it once, before the first send; without it frames go in new heap buffers
     * and such failures are logged.
     *
     * @param pool     the transport's pool, shared by many connections
     * @param failures where {@link #offerBinary(ByteBuffer)}'s later failures go, or {@code null}
     *                 to log them
     */
    public void useOutput(OutputPool pool, SendFailures failures) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.sendFailures = failures == null ? this::logSendFailure : failures;
    }

    /**
     * Sets where the completion stages of sends that have one come from, from now on; a transport
     * calls it before it lets the application send, if plain futures do not do.
     *
     * @param stages makes each send's stage
     */
    public void useStages(SendStages stages) {
        this.stages = Objects.requireNonNull(stages, "stages");
    }

    private void logSendFailure(Throwable cause) {
        System.Logger log = System.getLogger("dev.weft.codec");
        if (log.isLoggable(System.Logger.Level.WARNING)) {
            log.log(System.Logger.Level.WARNING, "a message to " + observer.peer()
                    + " sent without a completion stage was not written: " + cause.getMessage());
        }
    }

    // ---------------------------------------------------------------- input

    /**
     * Takes bytes from the peer. Events they complete are queued for {@link #nextEvent()}; replies
     * the protocol requires (pongs, the close echo) are queued as output. Decoding stops after the
     * first whole data message, which is lent as a view of {@code in}, and goes on as
     * {@link #nextEvent()} is called: until that returns {@code null}, {@code in} is still being
     * read and must stay as it is.
     *
     * <p>A protocol violation does not throw: it queues a {@link ProtocolFailure} and a
     * {@link Closed} event, queues a close frame with the violation's code, and asks for TCP to
     * close. From then on, input is discarded. If messages that arrived before the violation (or
     * before the peer's close frame) are still queued as events, all of this waits until
     * {@link #nextEvent()} has handed them out, so the application can still answer them.
     *
     * @param in the bytes, owned by the caller and lent to the engine until {@link #nextEvent()}
     *           returns {@code null}; consumed from position to limit (the position is at the
     *           limit by then). Masked payloads are unmasked in place, so it must be writable.
     */
    public void receive(ByteBuffer in) {
        endLoan();
        finishPending();
        if (in.hasRemaining()) {
            watch.heard();
        }
        if (stopsReading()) {
            in.position(in.limit());
            return;
        }
        observer.bytesReceived(in.remaining());
        decode(in);
    }

    /** Whether input is discarded unread: after the close frame, the end, or while an ending is held. */
    private boolean stopsReading() {
        return state == ConnectionState.CLOSED || closeReceived || heldEnding != null;
    }

    /** Decodes {@code in} up to the first message lent from it; keeps the rest for {@link #nextEvent()}. */
    private void decode(ByteBuffer in) {
        if (decoder == null) {
            makeDecoder();
        }
        decoding = in;
        try {
            decoder.decode(in);
        } catch (FailConnectionException e) {
            fail(e.closeCode(), e.getMessage());
        } finally {
            decoding = null;
        }
        pending = in.hasRemaining() ? in : null;
    }

    /** Makes the decoder chain, at the first bytes from the peer. */
    private void makeDecoder() {
        int rsv = 0;
        for (Extension e : extensions) {
            rsv |= e.rsvBits();
        }
        var decoderConfig = rsv == 0 ? config.decoder()
                : config.decoder().withExtensionRsvBits(config.decoder().extensionRsvBits() | rsv);
        messages = new MessageAssembler(decoderConfig, new Inbound(), config.assemblyBudget());
        FrameDecoder.Listener assembler = messages;
        if (!extensions.isEmpty()) {
            assembler = new ExtensionStage(extensions, assembler, decoderConfig.maxMessageLength());
        }
        decoder = new FrameDecoder(decoderConfig, assembler);
    }

    /** Decodes the rest of the last input in one go, lending nothing: new input or EOF comes next. */
    private void finishPending() {
        ByteBuffer in = pending;
        if (in == null) {
            return;
        }
        pending = null;
        if (stopsReading()) {
            in.position(in.limit());
            return;
        }
        eager = true;
        try {
            decode(in);
        } finally {
            eager = false;
        }
    }

    /** The application is done with the event it took last: what was lent in it may be reused. */
    private void endLoan() {
        if (loans != null) {
            loans.endLoan();
        }
    }

    /**
     * Takes the news that the peer closed TCP (end of stream). Without a prior close frame this is
     * an abnormal closure: a {@link Closed} event with {@link CloseCode#ABNORMAL_CLOSURE} follows.
     */
    public void receiveEof() {
        endLoan();
        finishPending();
        releaseEnding();
        closeTransport = true;
        if (state != ConnectionState.CLOSED) {
            enterClosed(CloseCode.ABNORMAL_CLOSURE, "the connection closed without a close frame", true);
        }
        failQueuedOutput();
    }

    /**
     * Tells the engine the time, and lets it do what is due by then (§5.5.2, §7.1.1): stamp the
     * bytes received since the last tick as heard now; queue a keepalive ping when the peer has
     * been silent for the ping interval; give the peer up when the pong is later than the ping
     * timeout; end a closing handshake that has outlasted the close timeout. The last two ask for
     * TCP to be dropped at once ({@link #shouldAbortTransport()}).
     *
     * <p>A transport calls it after every read (so that silence is measured from the right
     * moment), after the application's calls, and when {@link #nextDeadline()} has come. Ticking
     * early or often is harmless.
     *
     * @param now the time, in nanoseconds on the transport's monotonic clock (such as
     *            {@link System#nanoTime()}); the same clock on every call
     */
    public void tick(long now) {
        if (state != ConnectionState.OPEN || closeSent || closeReceived || heldEnding != null) {
            watch.closing();
        }
        watch.stamp(now);
        if (abortTransport) {
            return;
        }
        if (watch.closeOverdue(now)) {
            // §7.1.1 lets an endpoint drop TCP when the closing handshake takes too long; whatever
            // is still unwritten is written to a peer that has stopped reading, so it goes too.
            releaseEnding();
            closeTransport = true;
            abortTransport = true;
            enterClosed(CloseCode.ABNORMAL_CLOSURE, "the closing handshake did not finish in time", false);
        } else if (watch.pongOverdue(now)) {
            abortTransport = true;
            closeTransport = true;
            enterClosed(CloseCode.ABNORMAL_CLOSURE, "keepalive: no pong within " + watch.pingTimeoutMillis()
                    + " ms, the peer is gone", false);
        } else if (watch.pingDue(now)) {
            // At the head of the queue: a control frame may go between any two frames (§5.4), and
            // a pong stuck behind megabytes for a slow reader would make a live peer look dead.
            queueFrame(Opcode.PING, true, 0, watch.ping(now), null, null, true);
        }
    }

    /**
     * Returns when the engine next wants {@link #tick(long)}: the end of the peer's allowed
     * silence, of the pong's allowed delay, or of the closing handshake's. Valid after a tick; a
     * read or a call that changes the state moves it, so ask again after ticking.
     *
     * @return the deadline on the clock {@link #tick(long)} is given, or {@link #NO_DEADLINE}
     */
    public long nextDeadline() {
        return abortTransport ? NO_DEADLINE : watch.nextDeadline();
    }

    /**
     * Returns whether the transport should drop TCP now, without writing what is still queued:
     * the peer did not answer a keepalive ping, or the closing handshake outlasted its timeout.
     * Implies {@link #shouldCloseTransport()}.
     *
     * @return whether to abort the connection
     */
    public boolean shouldAbortTransport() {
        return abortTransport;
    }

    /**
     * Returns the next event, or {@code null} when none is queued and the input has been read to
     * its end. Once the messages that came before a held close or failure have been handed out,
     * the next call queues that close frame and returns its events.
     *
     * <p>The event returned, if it holds a buffer, may be lent: the reused event object and a view
     * of the input, both valid until the next call to this method or to {@link #receive}. Copy
     * ({@link ProtocolEvent#copy()}) to keep either longer. This call ends the loan of the event
     * it returned last, and may read on in the input that event came from.
     *
     * @return the oldest queued event, removed from the queue
     */
    public ProtocolEvent nextEvent() {
        endLoan();
        if ((events == null || events.isEmpty()) && pending != null) {
            // The application has taken everything decoded so far: read on to the next message.
            ByteBuffer in = pending;
            pending = null;
            if (stopsReading()) {
                in.position(in.limit());
            } else {
                decode(in);
            }
        }
        if (heldEnding != null && eventsBeforeEnding == 0) {
            // The application has handled every message that came before the ending.
            releaseEnding();
        }
        ProtocolEvent e = events == null ? null : events.poll();
        if (e != null && heldEnding != null) {
            eventsBeforeEnding--;
        }
        if (loans != null) {
            loans.handedOut(e);
        }
        if (e == null && pending == null && messages != null) {
            // All input is decoded and nothing is lent: a buffer the last message was assembled
            // in goes back to the shared spares, so a quiet connection holds none.
            messages.giveBackBuffer();
        }
        return e;
    }

    // ---------------------------------------------------------------- application calls

    /**
     * Queues a whole text message.
     *
     * @param text the message
     * @return completes when the transport has written the message; fails with
     *         {@link SendRefusedException} if it cannot be sent
     * @throws IllegalArgumentException if {@code text} holds an unpaired surrogate, which has no
     *                                  UTF-8 form (rather than sending {@code ?} in its place)
     */
    public CompletableFuture<Void> sendText(CharSequence text) {
        WellFormedText.require(text);
        // A String encodes by the JDK's fast path into an array of exactly its UTF-8 length; the
        // general encoder sizes its output at 1.1 bytes a character and goes through a CharBuffer.
        ByteBuffer utf8 = text instanceof String s ? ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8))
                : StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(text));
        return sendMessage(Opcode.TEXT, utf8);
    }

    /**
     * Queues a whole binary message.
     *
     * @param data the message, from position to limit. Neither moves, and the bytes are copied
     *             into the frame before this returns: the buffer is the caller's again at once
     * @return completes when the transport has written the message; fails with
     *         {@link SendRefusedException} if it cannot be sent
     */
    public CompletableFuture<Void> sendBinary(ByteBuffer data) {
        return sendMessage(Opcode.BINARY, data);
    }

    /**
     * Queues a whole binary message without a completion stage: nothing is allocated for it once
     * the transport's {@link OutputPool} is warm. A refusal is the return value; a failure after
     * acceptance (the connection ends before the message is written) goes to the
     * {@link SendFailures} set with {@link #useOutput}, so no message is dropped unreported.
     *
     * @param data the message, as for {@link #sendBinary(ByteBuffer)}: copied before this returns
     * @return {@code true} if queued, {@code false} if refused (the connection is closing or
     *         closed, or its outbound queue is full); nothing of a refused message is queued
     */
    public boolean offerBinary(ByteBuffer data) {
        return queueMessage(Opcode.BINARY, data, null) == null;
    }

    /**
     * Queues one fragment of a message (§5.4). The first fragment fixes the message's type; every
     * later one, up to the one marked {@code last}, continues it. Control frames may be sent
     * between fragments; whole messages may not.
     *
     * @param text whether the message is text (checked against the first fragment)
     * @param data the fragment, copied as for {@link #sendBinary(ByteBuffer)}; for text, UTF-8
     *             bytes, which together must form valid UTF-8
     * @param last whether this fragment ends the message
     * @return completes when the transport has written the fragment
     * @throws IllegalArgumentException if {@code text} contradicts the message in progress
     */
    public CompletableFuture<Void> sendFragment(boolean text, ByteBuffer data, boolean last) {
        Opcode type = text ? Opcode.TEXT : Opcode.BINARY;
        if (sendingFragmentsOf != null && sendingFragmentsOf != type) {
            throw new IllegalArgumentException("a " + sendingFragmentsOf + " message is in progress");
        }
        CompletableFuture<Void> refused = refuseIfClosed();
        if (refused != null) {
            return refused;
        }
        Opcode opcode;
        int rsv = 0;
        if (sendingFragmentsOf == null) {
            opcode = type;
            sendingTransforms = outboundTransforms(data.remaining());
            rsv = rsvOf(sendingTransforms);
        } else {
            opcode = Opcode.CONTINUATION;
        }
        List<MessageTransform> transforms = sendingTransforms;
        ByteBuffer payload = transform(transforms, data, last);
        try {
            refused = refuseIfQueueFull(payload.remaining());
            if (refused != null) {
                return refused;
            }
            sendingFragmentsOf = last ? null : type;
            if (last) {
                observer.sent(text, data.remaining());
            }
            CompletableFuture<Void> written = stages.newStage();
            queueFrame(opcode, last, rsv, payload, written, null, false);
            return written;
        } finally {
            recycle(transforms, payload);
        }
    }

    /**
     * Queues a ping (§5.5.2).
     *
     * @param data application data, at most 125 bytes; copied
     * @return completes when the transport has written the ping
     * @throws IllegalArgumentException if {@code data} is longer than 125 bytes
     */
    public CompletableFuture<Void> ping(ByteBuffer data) {
        return sendControl(Opcode.PING, data);
    }

    /**
     * Queues an unsolicited pong (§5.5.3), as a heartbeat. Pongs answering pings are sent
     * without being asked.
     *
     * @param data application data, at most 125 bytes; copied
     * @return completes when the transport has written the pong
     * @throws IllegalArgumentException if {@code data} is longer than 125 bytes
     */
    public CompletableFuture<Void> pong(ByteBuffer data) {
        return sendControl(Opcode.PONG, data);
    }

    /**
     * Starts the closing handshake (§7.1.2): queues a close frame and waits for the peer's.
     * Calling it again, or after the peer's close, does nothing more and returns a completed
     * future.
     *
     * @param code   a code {@link CloseCode#isLegalToSend(int)} accepts, or
     *               {@link CloseCode#NO_STATUS_RCVD} to send a close frame without a body
     * @param reason the reason, at most 123 bytes of UTF-8; empty with {@code NO_STATUS_RCVD}
     * @return completes when the close frame is written
     * @throws IllegalArgumentException if the code may not be sent or the reason is too long
     */
    public CompletableFuture<Void> close(int code, String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length > ClosePayload.MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason longer than " + ClosePayload.MAX_REASON_BYTES + " bytes");
        }
        ByteBuffer body = ClosePayload.encode(code, reason);
        if (closeSent || state == ConnectionState.CLOSED) {
            return CompletableFuture.completedFuture(null);
        }
        closeSent = true;
        state = ConnectionState.CLOSING;
        CompletableFuture<Void> written = stages.newStage();
        queueFrame(Opcode.CLOSE, true, 0, body, written, null, false);
        return written;
    }

    // ---------------------------------------------------------------- output and state

    /**
     * Returns the next bytes to write, or {@code null} when nothing is queued. The bytes leave the
     * engine's queue, and its count, when polled.
     *
     * @return the oldest queued output, removed from the queue
     */
    public Outbound pollOutput() {
        Outbound next = output == null ? null : output.poll();
        if (next != null) {
            queuedBytes -= next.accounted;
            if (!writable && queuedBytes <= config.lowWaterMark()) {
                writable = true;
                observer.resumed();
            }
        }
        return next;
    }

    /**
     * Returns whether output is queued.
     *
     * @return whether {@link #pollOutput()} would return something
     */
    public boolean hasOutput() {
        return output != null && !output.isEmpty();
    }

    /**
     * Returns the bytes queued and not yet polled, each output counted with
     * {@link ProtocolConfig#QUEUED_OUTPUT_OVERHEAD} on top of its bytes: what the water marks and
     * the queue limit are compared with.
     *
     * @return the queued byte count, overhead included
     */
    public long queuedBytes() {
        return queuedBytes;
    }

    /**
     * Returns whether the outbound queue is below its high-water mark (or, once above it, back
     * at its low-water mark). While not writable, a transport should stop reading from the peer.
     *
     * @return whether more sends are welcome
     */
    public boolean isWritable() {
        return writable;
    }

    /**
     * Returns whether the next byte received starts a new message: no frame or message is partly
     * read and no input is still being read. A transport may then look at the frame headers of
     * what it reads next, to gather a whole message in one buffer before handing it over, so that
     * it is lent rather than assembled.
     *
     * @return whether the next byte received starts a new message
     */
    public boolean isAtMessageBoundary() {
        return pending == null && (decoder == null || decoder.isAtMessageBoundary());
    }

    /**
     * Returns whether the transport should close TCP once it has written all output polled so
     * far: after a failure, once both close frames have passed at a server, or after the
     * close-wait period at a client, or when the peer dropped.
     *
     * @return whether to close TCP after flushing
     */
    public boolean shouldCloseTransport() {
        return closeTransport;
    }

    /**
     * Returns whether the transport should run the close-wait timer now: this end has sent a
     * close frame and waits for the peer's, or (for a client) waits for the server to drop TCP.
     *
     * @return whether a close-wait deadline applies
     */
    public boolean awaitsPeerClose() {
        return !closeTransport && (state == ConnectionState.CLOSING || state == ConnectionState.CLOSED);
    }

    /**
     * Returns the connection's state.
     *
     * @return the state
     */
    public ConnectionState state() {
        return state;
    }

    /**
     * Returns the settings this engine runs with, its water marks among them.
     *
     * @return the configuration
     */
    public ProtocolConfig config() {
        return config;
    }

    /**
     * Returns the role of this end.
     *
     * @return client or server
     */
    public Role role() {
        return role;
    }

    // ---------------------------------------------------------------- internals

    private void fail(int code, String message) {
        endAfterQueuedMessages(() -> {
            queueEvent(new ProtocolFailure(code, message));
            if (!closeSent) {
                closeSent = true;
                queueFrame(Opcode.CLOSE, true, 0, ClosePayload.encode(code, truncate(message)), null, null, false);
            }
            // §7.1.7: after failing, close TCP without waiting for the peer, whichever role this is.
            closeTransport = true;
            enterClosed(code, message, false);
        });
    }

    /**
     * Runs {@code ending} now, or, if message events are queued that the application has not
     * taken yet, once it has taken them: so that it can still answer messages that arrived before
     * the peer's close frame or before a violation, which would otherwise be refused because the
     * close frame had gone first. Input is ignored meanwhile.
     */
    private void endAfterQueuedMessages(Runnable ending) {
        boolean messagesWaiting = false;
        for (ProtocolEvent e : events == null ? List.<ProtocolEvent>of() : events) {
            if (e instanceof TextReceived || e instanceof BinaryReceived || e instanceof FragmentReceived) {
                messagesWaiting = true;
                break;
            }
        }
        if (messagesWaiting) {
            heldEnding = ending;
            eventsBeforeEnding = events.size();
        } else {
            ending.run();
        }
    }

    private void releaseEnding() {
        Runnable ending = heldEnding;
        if (ending != null) {
            heldEnding = null;
            ending.run();
        }
    }

    private static String truncate(String reason) {
        // ClosePayload cuts at a character boundary; the message is ASCII, so this is exact.
        return reason.length() > ClosePayload.MAX_REASON_BYTES ? reason.substring(0, ClosePayload.MAX_REASON_BYTES) : reason;
    }

    private void enterClosed(int code, String reason, boolean remote) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        state = ConnectionState.CLOSED;
        // Nothing more is read: a message in progress will never end, so its buffer goes back.
        if (messages != null) {
            messages.discard();
        }
        queueEvent(new Closed(code, reason, remote));
        observer.closed(code, reason, remote);
        // Nothing is sent or read from here on: extensions free what they hold (zlib's native memory).
        for (Extension e : extensions) {
            e.release();
        }
    }

    private void failQueuedOutput() {
        Outbound o;
        while (output != null && (o = output.poll()) != null) {
            o.fail(new SendRefusedException(SendRefusedException.Reason.CLOSED, "the connection closed before this was written"));
        }
        queuedBytes = 0;
        writable = true;
    }

    private CompletableFuture<Void> sendMessage(Opcode type, ByteBuffer data) {
        CompletableFuture<Void> written = stages.newStage();
        SendRefusedException refused = queueMessage(type, data, written);
        return refused == null ? written : CompletableFuture.failedFuture(refused);
    }

    /**
     * Queues a whole message whose completion goes to {@code written}, or, when that is
     * {@code null}, whose later failure goes to {@link #sendFailures}.
     *
     * @return {@code null} if queued, else why it was refused
     */
    private SendRefusedException queueMessage(Opcode type, ByteBuffer data, CompletableFuture<Void> written) {
        if (sendingFragmentsOf != null) {
            throw new IllegalStateException("a fragmented " + sendingFragmentsOf + " message is in progress; finish it first");
        }
        SendRefusedException refused = closedRefusal();
        if (refused != null) {
            return refused;
        }
        List<MessageTransform> transforms = outboundTransforms(data.remaining());
        ByteBuffer payload = transforms.isEmpty() ? data : transform(transforms, data, true);
        try {
            refused = queueFullRefusal(payload.remaining());
            if (refused != null) {
                return refused;
            }
            observer.sent(type == Opcode.TEXT, data.remaining());
            queueFrame(type, true, transforms.isEmpty() ? 0 : rsvOf(transforms), payload, written,
                    written == null ? sendFailures : null, false);
            return null;
        } finally {
            recycle(transforms, payload);
        }
    }

    private CompletableFuture<Void> sendControl(Opcode opcode, ByteBuffer data) {
        if (data.remaining() > FrameHeader.MAX_CONTROL_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException(opcode + " data longer than 125 bytes");
        }
        CompletableFuture<Void> refused = refuseIfClosed();
        if (refused != null) {
            return refused;
        }
        CompletableFuture<Void> written = stages.newStage();
        queueFrame(opcode, true, 0, data, written, null, false); // copies the data into the frame
        return written;
    }

    private CompletableFuture<Void> refuseIfClosed() {
        SendRefusedException refused = closedRefusal();
        return refused == null ? null : CompletableFuture.failedFuture(refused);
    }

    private SendRefusedException closedRefusal() {
        if (closeSent || state == ConnectionState.CLOSED) {
            return new SendRefusedException(SendRefusedException.Reason.CLOSED,
                    state == ConnectionState.CLOSED ? "the connection is closed" : "a close frame has been sent");
        }
        return null;
    }

    private CompletableFuture<Void> refuseIfQueueFull(long size) {
        SendRefusedException refused = queueFullRefusal(size);
        return refused == null ? null : CompletableFuture.failedFuture(refused);
    }

    private SendRefusedException queueFullRefusal(long size) {
        if (queuedBytes > 0 && queuedBytes + size + ProtocolConfig.QUEUED_OUTPUT_OVERHEAD > config.maxQueuedBytes()) {
            String why = "outbound queue full: " + queuedBytes + " bytes queued, limit " + config.maxQueuedBytes();
            if (config.overflow() != QueueOverflow.REFUSE_SEND && heldEnding == null && !closeSent) {
                failForOverflow(why);
            }
            return new SendRefusedException(SendRefusedException.Reason.QUEUE_FULL, why);
        }
        return null;
    }

    /**
     * Fails the connection as the application's overflow policy says (1008 or 1013). What is
     * queued will never reach a peer that does not read, so it is dropped, and the close frame
     * goes next; TCP closes once it is written, or when the transport's close-wait runs out.
     */
    private void failForOverflow(String why) {
        Outbound o;
        while (output != null && (o = output.poll()) != null) {
            o.fail(new SendRefusedException(SendRefusedException.Reason.QUEUE_FULL, why));
        }
        queuedBytes = 0;
        writable = true;
        int code = config.overflow().closeCode();
        String reason = code == CloseCode.TRY_AGAIN_LATER ? "server busy: you read too slowly" : "you read too slowly";
        queueEvent(new ProtocolFailure(code, why));
        closeSent = true;
        queueFrame(Opcode.CLOSE, true, 0, ClosePayload.encode(code, reason), null, null, false);
        closeTransport = true;
        enterClosed(code, why, false);
    }

    /**
     * What a queued output costs the process: the memory its buffers hold (a 3-byte frame holds a
     * whole buffer of the pool's smallest class), not just the bytes it will write, plus the
     * objects around them. Counting the bytes alone let a peer that never reads pin twice the
     * queue limit in many small frames.
     */
    private static long accounted(Outbound out) {
        long held = 0;
        for (ByteBuffer b : out.buffers()) {
            held += b.capacity();
        }
        return held + ProtocolConfig.QUEUED_OUTPUT_OVERHEAD;
    }

    private List<MessageTransform> outboundTransforms(long length) {
        if (extensions.isEmpty()) {
            return List.of();
        }
        if (extensions.size() == 1) {
            MessageTransform only = extensions.get(0).outbound();
            return only.appliesTo(0, length) ? List.of(only) : List.of();
        }
        List<MessageTransform> transforms = new java.util.ArrayList<>();
        for (Extension e : extensions) {
            if (e.outbound().appliesTo(0, length)) {
                transforms.add(e.outbound());
            }
        }
        return transforms;
    }

    private int rsvOf(List<MessageTransform> transforms) {
        int rsv = 0;
        for (Extension e : extensions) {
            if (transforms.contains(e.outbound())) {
                rsv |= e.rsvBits();
            }
        }
        return rsv;
    }

    /**
     * Runs a message (or fragment) through the outbound transforms, each writing its output
     * straight into a buffer of its own; the last one is what gets queued.
     */
    private static ByteBuffer transform(List<MessageTransform> transforms, ByteBuffer data, boolean end) {
        ByteBuffer current = data;
        for (int i = 0; i < transforms.size(); i++) {
            ByteBuffer next = transforms.get(i).transformAll(current.duplicate(), end);
            if (i > 0) {
                transforms.get(i - 1).recycle(current);
            }
            current = next;
        }
        return current;
    }

    /**
     * Gives the last transform its output back once the frame holds a copy of it (or it was
     * refused), so that a compressor's pooled scratch serves the next message.
     */
    private static void recycle(List<MessageTransform> transforms, ByteBuffer payload) {
        if (!transforms.isEmpty()) {
            transforms.get(transforms.size() - 1).recycle(payload);
        }
    }

    /**
     * Queues one frame, at the head of the output when {@code first}. The frame, header and
     * payload (masked, for a client), is written into buffers from the {@link OutputPool}: the one
     * copy of the payload on its way to the socket, made before this returns, so the caller's
     * buffer is free again at once and the transport writes from (direct) memory the engine owns.
     *
     * @param written  completed once the frame is written, or {@code null}
     * @param failures told if the frame is never written and {@code written} is {@code null}; or
     *                 {@code null} for frames nobody waits for (pongs, keepalive pings, closes)
     */
    private void queueFrame(Opcode opcode, boolean fin, int rsv, ByteBuffer payload, CompletableFuture<Void> written,
                            SendFailures failures, boolean first) {
        int length = payload.remaining();
        int total = FrameHeader.encodedLength(length, role.masksOutgoing()) + length;
        if (encoder == null) {
            encoder = keys == null ? new FrameEncoder(role) : new FrameEncoder(role, keys);
        }
        encoder.start(opcode, fin, rsv, payload);
        Outbound tail = written != null || first || output == null ? null : output.peekLast();
        ByteBuffer room = tail == null ? null : tail.roomFor(total, failures);
        if (room != null) {
            // Packed behind the last queued frame, not yet polled: one buffer, one write for both.
            encoder.encode(room);
            tail.packed(room);
            observer.bytesSent(total);
            return;
        }
        Outbound out;
        if (total <= OutputPool.MAX_BUFFER || !pool.isPooled()) {
            ByteBuffer frame = pool.take(total);
            encoder.encode(frame);
            out = Outbound.pooled(pool, frame.flip(), written, failures);
        } else {
            // Longer than the pool's largest buffer: the encoder resumes across several.
            ByteBuffer[] parts = new ByteBuffer[(total + OutputPool.MAX_BUFFER - 1) / OutputPool.MAX_BUFFER];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = pool.take(Math.min(OutputPool.MAX_BUFFER, total - i * OutputPool.MAX_BUFFER));
                encoder.encode(parts[i]);
                parts[i].flip();
            }
            out = Outbound.pooled(pool, parts, written, failures);
        }
        if (output == null) {
            output = new ArrayDeque<>(4);
        }
        if (first) {
            output.addFirst(out);
        } else {
            output.add(out);
        }
        out.accounted = accounted(out);
        queuedBytes += out.accounted;
        observer.bytesSent(total);
        if (queuedBytes >= config.highWaterMark() && writable) {
            writable = false;
            observer.stalled(queuedBytes);
        }
    }

    private void queueEvent(ProtocolEvent event) {
        if (events == null) {
            events = new ArrayDeque<>(4);
        }
        events.add(event);
    }

    /** Turns assembled messages into events and does what the protocol requires in reply. */
    private final class Inbound implements MessageListener {
        @Override
        public void onText(String text) {
            queueEvent(new TextReceived(text));
            observer.receivedText(text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            observer.received(false, data.remaining());
            // A whole message lies in the input or in the assembler's buffer; either stays as it
            // is until the decoder is fed again, which waits for the loan to end.
            BinaryReceived event = loans().binary(data, !eager, messages.isAssembled(data));
            queueEvent(event);
            pauseIfLent(event);
        }

        @Override
        public void onTextFragment(ByteBuffer utf8, boolean last) {
            if (last) {
                observer.received(true, utf8.remaining());
            }
            fragment(true, utf8, last);
        }

        @Override
        public void onBinaryFragment(ByteBuffer data, boolean last) {
            if (last) {
                observer.received(false, data.remaining());
            }
            fragment(false, data, last);
        }

        private void fragment(boolean text, ByteBuffer data, boolean last) {
            // A part that lies in the input can be lent; an extension's output is reused at once.
            FragmentReceived event = loans().fragment(text, data, last, !eager && data == decoding);
            queueEvent(event);
            pauseIfLent(event);
        }

        /** Stops decoding after a lent message, so that the input stays as it is until it is taken. */
        private void pauseIfLent(ProtocolEvent event) {
            if (loans.isLent(event)) {
                decoder.pause();
            }
        }

        private Loans loans() {
            if (loans == null) {
                loans = new Loans();
            }
            return loans;
        }

        @Override
        public void onPing(ByteBuffer payload) {
            ByteBuffer data = copy(payload);
            queueEvent(new PingReceived(data));
            if (!closeSent) {
                // §5.5.2: a pong with the ping's application data, as soon as is practical.
                queueFrame(Opcode.PONG, true, 0, data.duplicate(), null, null, false);
            }
        }

        @Override
        public void onPong(ByteBuffer payload) {
            ByteBuffer data = copy(payload);
            watch.pong(data.duplicate());
            queueEvent(new PongReceived(data));
        }

        @Override
        public void onClose(ClosePayload close) {
            closeReceived = true;
            boolean remote = state == ConnectionState.OPEN;
            endAfterQueuedMessages(() -> {
                if (!closeSent) {
                    // §5.5.1: answer with a close frame, echoing the code we received.
                    closeSent = true;
                    queueFrame(Opcode.CLOSE, true, 0, ClosePayload.encode(close.code(), ""), null, null, false);
                }
                // §7.1.1: the server closes TCP first; a client waits for it, within the close-wait period.
                if (role == Role.SERVER) {
                    closeTransport = true;
                }
                enterClosed(close.code(), close.reason(), remote);
            });
        }

        private ByteBuffer copy(ByteBuffer b) {
            ByteBuffer c = ByteBuffer.allocate(b.remaining());
            c.put(b).flip();
            return c;
        }
    }
}
