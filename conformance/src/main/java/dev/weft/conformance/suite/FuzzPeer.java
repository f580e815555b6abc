package dev.weft.conformance.suite;

import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.FailConnectionException;
import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.FrameReader;
import dev.weft.codec.frame.Opcode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * The fuzzer's end of one WebSocket connection, after the opening handshake: it writes whatever
 * frames a case asks for, byte for byte, and a reader thread reads the peer's frames with the
 * codec's §5.2 {@link FrameReader}, checks each against the RFC itself, and records what it saw
 * in an {@link Observation}.
 *
 * <p>Like Autobahn's fuzzer it behaves as a plain endpoint where the case does not say otherwise:
 * it answers pings with pongs and a close frame with a close frame, and, as a server, closes TCP
 * once the closing handshake is done (RFC 6455 §7.1.1).
 */
public final class FuzzPeer implements AutoCloseable {

    /** The largest frame the fuzzer accepts from a peer; section 9's largest is 16 MiB. */
    static final int MAX_FRAME = 256 * 1024 * 1024;

    private static final byte[] BARRIER = "weft-barrier-".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] leftover;
    private final boolean fuzzerIsClient;
    private final Observation observation = new Observation();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final RandomGenerator random;
    private volatile boolean dropped;
    /** permessage-deflate as agreed in the handshake, or {@code null}. */
    private volatile FuzzDeflate deflate;
    private Thread reader;
    private int barriers;

    /**
     * Takes over a connected socket whose opening handshake is done.
     *
     * @param socket         the connection
     * @param leftover       bytes read past the handshake, which belong to the first frames
     * @param fuzzerIsClient whether the fuzzer is the client (it then masks, and the peer must not)
     * @param random         the source of masking keys
     * @throws IOException if the socket's streams cannot be had
     */
    public FuzzPeer(Socket socket, byte[] leftover, boolean fuzzerIsClient, RandomGenerator random) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.leftover = leftover.clone();
        this.fuzzerIsClient = fuzzerIsClient;
        this.random = random;
    }

    /**
     * Uses permessage-deflate as agreed in the handshake: RSV1 is then allowed on a message's
     * first frame, such messages are inflated (and checked) before they are recorded, and every
     * message is recorded as an {@link Event.Digest}. Call before {@link #start()}.
     *
     * @param agreed the fuzzer's compression for this connection
     */
    void useDeflate(FuzzDeflate agreed) {
        this.deflate = agreed;
        observation.wire("permessage-deflate agreed: " + agreed.terms());
    }

    /**
     * Returns the agreed permessage-deflate, or {@code null} if none was.
     *
     * @return the fuzzer's compression
     */
    FuzzDeflate deflate() {
        return deflate;
    }

    /** Starts the reader thread. */
    public void start() {
        reader = Thread.ofVirtual().name("fuzz-reader-" + socket.getRemoteSocketAddress()).start(this::readLoop);
    }

    /**
     * Returns what has been seen so far.
     *
     * @return the live observation
     */
    public Observation observation() {
        return observation;
    }

    /**
     * Returns whether the fuzzer is the client on this connection.
     *
     * @return whether it masks its frames
     */
    public boolean fuzzerIsClient() {
        return fuzzerIsClient;
    }

    /**
     * Encodes a frame, masked if the fuzzer is the client.
     *
     * @param frame the frame
     * @return its bytes
     */
    public byte[] encode(Frame frame) {
        return frame.encode(fuzzerIsClient, random);
    }

    /**
     * Writes bytes, in pieces of {@code chop} bytes if it is positive.
     *
     * @param bytes the bytes
     * @param chop  the piece size, or 0 for one write
     * @param log   the wire-log line, or {@code null}
     * @return whether everything was written; {@code false} if the connection is gone
     */
    public boolean write(byte[] bytes, int chop, String log) {
        if (log != null) {
            observation.wire(log);
        }
        writeLock.lock();
        try {
            if (chop <= 0 || chop >= bytes.length) {
                out.write(bytes);
            } else {
                for (int off = 0; off < bytes.length; off += chop) {
                    out.write(bytes, off, Math.min(chop, bytes.length - off));
                    out.flush();
                }
            }
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Sends a close frame, unless one was sent already.
     *
     * @param payload the payload (empty, or a code and a reason)
     * @param opening whether this starts the closing handshake rather than answering the peer
     * @return whether it was written
     */
    public boolean sendClose(byte[] payload, boolean opening) {
        writeLock.lock();
        try {
            if (observation.hasSentClose()) {
                return false;
            }
            observation.closeSent(codeOf(payload), opening);
            Frame close = Frame.of(Frame.CLOSE, payload);
            return write(encode(close), 0, "TX " + close.describe() + (opening ? "" : " (answer)"));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Returns the bytes of a close frame that starts the closing handshake, for the caller to
     * write with other frames, and records it as sent; or {@code null} if a close frame was sent
     * already.
     *
     * @param payload the close payload
     * @return the encoded frame, or {@code null}
     */
    public byte[] openingClose(byte[] payload) {
        writeLock.lock();
        try {
            if (observation.hasSentClose()) {
                return null;
            }
            observation.closeSent(codeOf(payload), true);
            return encode(Frame.of(Frame.CLOSE, payload));
        } finally {
            writeLock.unlock();
        }
    }

    private static Integer codeOf(byte[] closePayload) {
        return closePayload.length >= 2 ? ((closePayload[0] & 0xFF) << 8) | (closePayload[1] & 0xFF) : null;
    }

    /**
     * Sends a ping only the fuzzer uses, whose pong is counted in
     * {@link Observation.Snapshot#barrierPongs()} and not recorded as an event.
     *
     * @return how many barrier pongs mean this one is answered, or -1 if the write failed
     */
    public int sendBarrier() {
        int n = ++barriers;
        byte[] payload = Arrays.copyOf(BARRIER, BARRIER.length + 4);
        ByteBuffer.wrap(payload, BARRIER.length, 4).putInt(n);
        Frame ping = Frame.of(Frame.PING, payload);
        return write(encode(ping), 0, "TX " + ping.describe() + " (barrier)") ? n : -1;
    }

    /**
     * Drops TCP at once.
     *
     * @param why the reason, for the wire log
     */
    public void drop(String why) {
        if (dropped) {
            return;
        }
        observation.droppedByMe(why);
        dropped = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // dropping is the goal
        }
    }

    /** Drops TCP if still open and waits briefly for the reader thread to end. */
    @Override
    public void close() {
        if (!dropped) {
            dropped = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is the goal
            }
        }
        if (reader != null) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        FuzzDeflate d = deflate;
        if (d != null) {
            d.end();
        }
    }

    // ---------------------------------------------------------------- reading

    private void readLoop() {
        FrameReader frames = new FrameReader();
        Collector collector = new Collector();
        byte[] buffer = new byte[64 * 1024];
        try {
            if (leftover.length > 0 && !feed(frames, collector, ByteBuffer.wrap(leftover))) {
                return;
            }
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    observation.peerEnded("end of stream");
                    return;
                }
                if (!feed(frames, collector, ByteBuffer.wrap(buffer, 0, n))) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!dropped) {
                observation.peerEnded("connection error: " + e.getMessage());
            }
        }
    }

    private boolean feed(FrameReader frames, Collector collector, ByteBuffer bytes) {
        try {
            frames.read(bytes, collector);
            return true;
        } catch (FailConnectionException e) {
            observation.violation("unreadable frame: " + e.getMessage());
            drop("the peer's frames cannot be read");
            return false;
        }
    }

    /** Gathers each frame's payload, then judges the frame and records what it means. */
    private final class Collector implements FrameReader.Handler {
        private FrameHeader header;
        private byte[] payload;
        private int filled;
        private Opcode messageType;
        /** Whether the message being gathered had RSV1 on its first frame (RFC 7692 §6). */
        private boolean compressed;
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();

        @Override
        public void onFrameHeader(boolean fin, int rsv, Opcode opcode, boolean masked, int maskingKey, long payloadLength) {
            FrameHeader h = new FrameHeader(fin, rsv, opcode, masked, maskingKey, payloadLength);
            if (h.payloadLength() > MAX_FRAME) {
                observation.violation("a frame of " + h.payloadLength() + " bytes, more than the fuzzer accepts");
                throw new FailConnectionException(CloseCode.MESSAGE_TOO_BIG, "frame too big for the fuzzer");
            }
            header = h;
            payload = new byte[(int) h.payloadLength()];
            filled = 0;
        }

        @Override
        public void onPayload(ByteBuffer chunk) {
            int n = chunk.remaining();
            chunk.get(payload, filled, n);
            filled += n;
        }

        @Override
        public void onFrameEnd() {
            onFrame(header, payload);
        }

        private void onFrame(FrameHeader h, byte[] data) {
            Opcode op = h.opcode();
            Frame shown = new Frame(h.fin(), h.rsv(), op.code(), data);
            observation.wire("RX " + shown.describe() + (h.masked() ? " masked" : ""));
            if (observation.hasReceivedClose()) {
                observation.violation("a frame after the peer's close frame (§5.5.1): " + shown.describe());
                return;
            }
            if (h.masked() == fuzzerIsClient) {
                observation.violation(fuzzerIsClient ? "the server sent a masked frame (§5.1)"
                        : "the client sent an unmasked frame (§5.1)");
            }
            boolean compressedStart = false;
            if (h.rsv() != 0) {
                if (deflate == null) {
                    observation.violation("RSV bits " + h.rsv() + " set with no extension negotiated (§5.2)");
                } else if (h.rsv() != FrameHeader.RSV1) {
                    observation.violation("RSV bits " + h.rsv() + " set; permessage-deflate claims RSV1 only (§5.2)");
                } else if (op == Opcode.TEXT || op == Opcode.BINARY) {
                    compressedStart = true;
                } else {
                    observation.violation("RSV1 on a " + op + " frame; only a message's first frame may carry it"
                            + " (RFC 7692 §6.1)");
                }
            }
            if (op.isReserved()) {
                observation.violation("reserved opcode 0x" + Integer.toHexString(op.code()) + " (§5.2)");
                return;
            }
            if (op.isControl() && (!h.fin() || data.length > FrameHeader.MAX_CONTROL_PAYLOAD_LENGTH)) {
                observation.violation("a fragmented or oversized control frame (§5.5): " + shown.describe());
            }
            switch (op) {
                case CONTINUATION -> {
                    if (messageType == null) {
                        observation.violation("a continuation frame with no message to continue (§5.4)");
                        return;
                    }
                    message.writeBytes(data);
                    if (h.fin()) {
                        completeMessage();
                    }
                }
                case TEXT, BINARY -> {
                    if (messageType != null) {
                        observation.violation("a new " + op + " frame inside a fragmented message (§5.4)");
                    }
                    messageType = op;
                    compressed = compressedStart;
                    message.reset();
                    message.writeBytes(data);
                    if (h.fin()) {
                        completeMessage();
                    }
                }
                case PING -> {
                    observation.event(new Event.Ping(data));
                    if (!observation.hasSentClose()) {
                        Frame pong = Frame.of(Frame.PONG, data);
                        write(encode(pong), 0, "TX " + pong.describe() + " (answer)");
                    }
                }
                case PONG -> {
                    if (data.length == BARRIER.length + 4 && Arrays.equals(data, 0, BARRIER.length, BARRIER, 0, BARRIER.length)) {
                        observation.barrierPong();
                    } else {
                        observation.event(new Event.Pong(data));
                    }
                }
                case CLOSE -> onClose(data);
                default -> throw new AssertionError("reserved opcodes were handled above: " + op);
            }
        }

        private void completeMessage() {
            byte[] bytes = message.toByteArray();
            boolean binary = messageType == Opcode.BINARY;
            messageType = null;
            message.reset();
            if (compressed) {
                try {
                    bytes = deflate.inflate(bytes);
                } catch (IllegalStateException e) {
                    observation.violation("a compressed message that does not inflate as agreed (RFC 7692 §7.2.2): "
                            + e.getMessage());
                    return;
                }
            }
            if (!binary && !isUtf8(bytes)) {
                observation.violation("a text message that is not valid UTF-8 (§8.1)");
            }
            observation.event(deflate != null ? Event.Digest.of(binary, bytes) : new Event.Message(binary, bytes));
        }

        private void onClose(byte[] data) {
            Integer code = null;
            String reason = null;
            boolean legal = true;
            if (data.length == 1) {
                observation.violation("a close frame with a 1-byte payload (§5.5.1)");
                legal = false;
            } else if (data.length >= 2) {
                code = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
                if (!CloseCode.isLegalToSend(code)) {
                    observation.violation("close code " + code + " may not be sent (§7.4)");
                    legal = false;
                }
                byte[] r = Arrays.copyOfRange(data, 2, data.length);
                if (isUtf8(r)) {
                    reason = new String(r, StandardCharsets.UTF_8);
                } else {
                    observation.violation("a close reason that is not valid UTF-8 (§5.5.1)");
                    reason = "0x" + java.util.HexFormat.of().formatHex(r);
                }
            }
            observation.closeReceived(code, reason);
            if (!observation.hasSentClose()) {
                // §5.5.1: answer with a close frame, echoing the peer's code when it is a legal one.
                byte[] answer = code == null && legal ? new byte[0]
                        : closePayload(legal ? code : CloseCode.PROTOCOL_ERROR, "");
                sendClose(answer, false);
            }
            if (!fuzzerIsClient) {
                drop("closing handshake done; a server closes TCP first (§7.1.1)");
            }
        }
    }

    /**
     * Returns a close frame payload: the code in two bytes, then the reason in UTF-8.
     *
     * @param code   the code, any 16-bit value
     * @param reason the reason
     * @return the payload
     */
    public static byte[] closePayload(int code, String reason) {
        return closePayload(code, reason.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a close frame payload with a reason of raw bytes (which need not be UTF-8).
     *
     * @param code   the code, any 16-bit value
     * @param reason the reason's bytes
     * @return the payload
     */
    public static byte[] closePayload(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return p;
    }

    /**
     * Returns whether bytes are well-formed UTF-8, judged by the JDK's decoder (not Weft's).
     *
     * @param bytes the bytes
     * @return whether they are valid UTF-8
     */
    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
