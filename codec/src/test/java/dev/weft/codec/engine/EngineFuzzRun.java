package dev.weft.codec.engine;

import static dev.weft.codec.fuzz.FuzzInput.check;

import dev.weft.codec.engine.ProtocolEvent.BinaryReceived;
import dev.weft.codec.engine.ProtocolEvent.Closed;
import dev.weft.codec.engine.ProtocolEvent.FragmentReceived;
import dev.weft.codec.engine.ProtocolEvent.HandshakeFailed;
import dev.weft.codec.engine.ProtocolEvent.Opened;
import dev.weft.codec.engine.ProtocolEvent.PingReceived;
import dev.weft.codec.engine.ProtocolEvent.PongReceived;
import dev.weft.codec.engine.ProtocolEvent.ProtocolFailure;
import dev.weft.codec.engine.ProtocolEvent.TextReceived;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.ClosePayload;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.FailConnectionException;
import dev.weft.codec.frame.FrameDecoder;
import dev.weft.codec.frame.MessageAssembler;
import dev.weft.codec.frame.MessageListener;
import dev.weft.codec.frame.Role;
import dev.weft.codec.fuzz.FuzzInput;
import dev.weft.codec.http.HttpException;
import dev.weft.codec.http.HttpResponseHead;
import dev.weft.codec.http.HttpResponseParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Drives one {@link Connection} as a transport and an echoing application would, over the reads
 * of a fuzz input, and checks what the engine says and writes against RFC 6455.
 *
 * <p>The application echoes every message (joined from its fragments in streaming mode) and,
 * if asked, starts the closing handshake after the first one. The engine's output is read back
 * by a strict peer: HTTP heads up to the 101, then frames through a {@link FrameDecoder} of the
 * other role, which must accept every byte.
 *
 * <p>Invariants: no call throws; events come in a legal order ({@link Opened} or
 * {@link HandshakeFailed} first, messages only while open, a {@link ProtocolFailure} with 1002,
 * 1007 or 1009 followed by its {@link Closed}, {@link Closed} once and last); the output is valid
 * for the peer; nothing is written after a close frame, whose code is legal to send and, when the
 * peer closed first, echoes the peer's; every pong answers a ping, in order; every echo the engine
 * accepted reaches the peer intact and in order; the output stays within a few times the input;
 * and after end-of-stream the connection is closed and asks for TCP to close.
 */
final class EngineFuzzRun {

    private static final Set<Integer> FAILURE_CODES =
            Set.of(CloseCode.PROTOCOL_ERROR, CloseCode.INVALID_FRAME_PAYLOAD_DATA, CloseCode.MESSAGE_TOO_BIG);

    private final Connection connection;
    private final boolean closeAfterFirstMessage;
    private final Peer peer;

    private boolean opened;
    private boolean handshakeFailed;
    private Closed closed;
    private Integer failureCode;
    private boolean appClosed;
    private final List<String> pings = new ArrayList<>();
    private final List<String> accepted = new ArrayList<>();
    private final java.io.ByteArrayOutputStream fragments = new java.io.ByteArrayOutputStream();
    private long inputBytes;
    private long pingAllowance;

    EngineFuzzRun(Connection connection, Role role, boolean closeAfterFirstMessage) {
        this.connection = connection;
        this.closeAfterFirstMessage = closeAfterFirstMessage;
        this.peer = new Peer(role == Role.SERVER ? Role.CLIENT : Role.SERVER);
    }

    /**
     * Feeds every read, then end-of-stream, and checks the whole conversation. With
     * {@code clock}, time passes before each read (0 to 2.8 s, by the read's first byte) and the
     * engine is ticked before and after it, as a transport does, so that its keepalive pings,
     * pong timeout and close timeout run; once it asks to abort, nothing more is read or written.
     */
    void run(List<ByteBuffer> reads, boolean clock) {
        long now = 0;
        drain();
        for (ByteBuffer read : reads) {
            if (clock) {
                now += read.hasRemaining() ? (read.get(read.position()) & 7) * 400_000_000L : 0;
                connection.tick(now);
                drain();
            }
            if (connection.shouldAbortTransport()) {
                break;
            }
            inputBytes += read.remaining();
            // A ping the engine sends may cost a few bytes per read, whatever the read held.
            pingAllowance += clock ? 16 : 0;
            connection.receive(read);
            if (clock) {
                connection.tick(now);
            }
            drain();
        }
        connection.receiveEof();
        drain();
        check(connection.shouldCloseTransport(), "after end-of-stream the connection does not ask to close TCP");
        if (opened) {
            check(connection.state() == ConnectionState.CLOSED, "after end-of-stream the state is " + connection.state());
            check(closed != null, "after end-of-stream no Closed event");
        }
        check(peer.messages.equals(accepted), "the peer heard\n" + peer.messages + "\nbut the engine accepted\n" + accepted);
        check(peer.pongs.size() <= pings.size() && peer.pongs.equals(pings.subList(0, peer.pongs.size())),
                "pongs " + peer.pongs + " do not answer pings " + pings);
        // §5.5.1: a close frame that arrives while open is answered with its code; unless the
        // application closed first (the frames crossed) or no close frame came at all (1006).
        if (closed != null && closed.remote() && !appClosed && closed.code() != CloseCode.ABNORMAL_CLOSURE && peer.closeCode != null) {
            check(peer.closeCode == closed.code(), "the peer closed with " + closed.code() + ", the engine echoed " + peer.closeCode);
        }
        // Echoes, pongs and a close: a few times the input at most (a 2-byte frame may come back masked, 6 bytes).
        check(peer.frameBytes <= 4 * inputBytes + 256 + pingAllowance, peer.frameBytes + " bytes of frames written for " + inputBytes + " read");
    }

    private void drain() {
        ProtocolEvent event;
        while ((event = connection.nextEvent()) != null) {
            onEvent(event);
        }
        if (connection.shouldAbortTransport()) {
            return; // TCP is dropped: what is still queued is never written
        }
        Outbound out;
        while ((out = connection.pollOutput()) != null) {
            check(out.file() == null, "a file region in a WebSocket conversation");
            for (ByteBuffer b : out.buffers()) {
                peer.accept(FuzzInput.bytes(b));
            }
            out.complete();
        }
    }

    private void onEvent(ProtocolEvent event) {
        check(closed == null, "event " + event + " after Closed");
        check(!handshakeFailed, "event " + event + " after HandshakeFailed");
        switch (event) {
            case Opened o -> {
                check(!opened, "a second Opened");
                opened = true;
            }
            case HandshakeFailed f -> {
                check(!opened, "HandshakeFailed after Opened");
                handshakeFailed = true;
            }
            case TextReceived t -> {
                check(opened && failureCode == null, "a message outside the open connection");
                echo("text " + t.text(), () -> connection.protocol().sendText(t.text()));
            }
            case BinaryReceived b -> {
                check(opened && failureCode == null, "a message outside the open connection");
                ByteBuffer data = b.data();
                echo("binary " + FuzzInput.hex(data), () -> connection.protocol().sendBinary(data));
            }
            case FragmentReceived f -> {
                check(opened && failureCode == null, "a fragment outside the open connection");
                fragments.writeBytes(FuzzInput.bytes(f.data()));
                if (f.last()) {
                    byte[] whole = fragments.toByteArray();
                    fragments.reset();
                    if (f.text()) {
                        String text = new String(whole, StandardCharsets.UTF_8);
                        check(java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), whole), "a streamed text message is not UTF-8");
                        echo("text " + text, () -> connection.protocol().sendText(text));
                    } else {
                        echo("binary " + FuzzInput.hex(ByteBuffer.wrap(whole)), () -> connection.protocol().sendBinary(ByteBuffer.wrap(whole)));
                    }
                }
            }
            case PingReceived p -> {
                check(opened, "a ping before Opened");
                pings.add(FuzzInput.hex(p.data()));
            }
            case PongReceived p -> check(opened, "a pong before Opened");
            case ProtocolFailure f -> {
                check(opened, "a protocol failure before Opened");
                check(failureCode == null, "a second ProtocolFailure");
                check(FAILURE_CODES.contains(f.closeCode()), "failed with close code " + f.closeCode() + ": " + f.message());
                failureCode = f.closeCode();
                check(connection.shouldCloseTransport(), "failed without asking to close TCP");
            }
            case Closed c -> {
                check(opened, "Closed before Opened");
                if (failureCode != null) {
                    check(c.code() == failureCode && !c.remote(), "after failing with " + failureCode + ", " + c);
                }
                closed = c;
            }
        }
    }

    private void echo(String what, java.util.function.Supplier<CompletableFuture<Void>> send) {
        CompletableFuture<Void> written = send.get();
        if (written.isCompletedExceptionally()) {
            written.exceptionally(e -> {
                check(e instanceof SendRefusedException, "a send failed with " + e);
                return null;
            });
        } else {
            accepted.add(what);
        }
        if (closeAfterFirstMessage) {
            appClosed = true;
            connection.protocol().close(CloseCode.NORMAL_CLOSURE, "enough");
        }
    }

    /** The other end: reads HTTP heads up to the 101, then frames, strictly. */
    private static final class Peer implements MessageListener {
        final HttpResponseParser http = new HttpResponseParser();
        final FrameDecoder frames;
        final boolean readsRequest;
        boolean skippedRequest;
        boolean upgraded;
        long bodyToSkip;
        boolean closeSeen;
        Integer closeCode;
        long frameBytes;
        final List<String> messages = new ArrayList<>();
        final List<String> pongs = new ArrayList<>();

        Peer(Role role) {
            DecoderConfig config = DecoderConfig.defaults(role).withMaxFramePayloadLength(Long.MAX_VALUE)
                    .withMaxMessageLength(Long.MAX_VALUE);
            frames = MessageAssembler.decoder(config, this);
            // A client engine's first output is its request, which a server peer takes as read.
            readsRequest = role == Role.SERVER;
        }

        void accept(byte[] bytes) {
            if (readsRequest && !skippedRequest) {
                skippedRequest = true;
                check(new String(bytes, StandardCharsets.ISO_8859_1).startsWith("GET "), "a client began with something other than its request");
                upgraded = true;
                return;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            while (in.hasRemaining() && !upgraded) {
                if (bodyToSkip > 0) {
                    int n = (int) Math.min(bodyToSkip, in.remaining());
                    in.position(in.position() + n);
                    bodyToSkip -= n;
                    continue;
                }
                HttpResponseHead head;
                try {
                    head = http.parse(in);
                } catch (HttpException e) {
                    throw new AssertionError("the engine wrote a malformed HTTP response: " + e.getMessage());
                }
                if (head == null) {
                    return;
                }
                if (head.status() == 101) {
                    upgraded = true;
                } else {
                    String length = head.headers().first("Content-Length");
                    bodyToSkip = length == null ? 0 : Long.parseLong(length);
                }
            }
            if (!in.hasRemaining()) {
                return;
            }
            check(!closeSeen, "the engine wrote " + in.remaining() + " bytes after its close frame");
            frameBytes += in.remaining();
            try {
                frames.decode(in);
            } catch (FailConnectionException e) {
                throw new AssertionError("the engine wrote an invalid frame: " + e.getMessage());
            }
        }

        @Override
        public void onText(String text) {
            messages.add("text " + text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            messages.add("binary " + FuzzInput.hex(data));
        }

        @Override
        public void onPong(ByteBuffer payload) {
            pongs.add(FuzzInput.hex(payload));
        }

        @Override
        public void onClose(ClosePayload close) {
            check(close.code() == CloseCode.NO_STATUS_RCVD || CloseCode.isLegalToSend(close.code()),
                    "the engine sent close code " + close.code());
            closeSeen = true;
            closeCode = close.code();
        }
    }
}
