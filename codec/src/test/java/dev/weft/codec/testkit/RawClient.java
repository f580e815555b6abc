package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.codec.frame.ClosePayload;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.FrameDecoder;
import dev.weft.codec.frame.FrameEncoder;
import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.MessageAssembler;
import dev.weft.codec.frame.MaskingKeySource;
import dev.weft.codec.frame.MessageListener;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.http.HttpResponseHead;
import dev.weft.codec.http.HttpResponseParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket client on a plain blocking {@link Socket}, for tests that need a peer which
 * misbehaves in ways a proper client never would: it can stop reading, send half a request, or
 * drop TCP in the middle of a frame.
 *
 * <p>It writes the codec's own handshake request and masked frames ({@link FrameEncoder}), and
 * reads frames back through the codec's {@link FrameDecoder} and {@link MessageAssembler}. Nothing
 * happens unless a method is called: in particular, nothing is read while no read method runs.
 */
public final class RawClient implements Closeable {

    /**
     * A message or control frame read from the server.
     *
     * @param opcode TEXT, BINARY, PING, PONG or CLOSE
     * @param data   the payload (for CLOSE, the close code and reason as sent)
     */
    public record Message(Opcode opcode, byte[] data) {
        /** The payload as UTF-8 text. */
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        /** The close code of a CLOSE frame. */
        public int closeCode() {
            return ClosePayload.parse(ByteBuffer.wrap(data)).code();
        }

        /** The close reason of a CLOSE frame. */
        public String closeReason() {
            return ClosePayload.parse(ByteBuffer.wrap(data)).reason();
        }
    }

    /**
     * A plain HTTP response read in full.
     *
     * @param head the status line and headers
     * @param body the body, as framed by Content-Length
     */
    public record HttpReply(HttpResponseHead head, byte[] body) {
        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;
    private final int port;
    /** Its own: a key source is not thread-safe, and tests run side by side (TimeoutKit). */
    private final MaskingKeySource keys = MaskingKeySource.strong();
    private final FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
    private final ArrayDeque<Message> messages = new ArrayDeque<>();
    private final FrameDecoder decoder;
    /** Bytes read but not yet used: after a response head, or by the frame decoder. */
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private final byte[] chunk = new byte[16 * 1024];

    private RawClient(Socket socket, String host, int port) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.host = host;
        this.port = port;
        this.decoder = MessageAssembler.decoder(DecoderConfig.defaults(Role.CLIENT), new MessageListener() {
            @Override
            public void onText(String text) {
                messages.add(new Message(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8)));
            }

            @Override
            public void onBinary(ByteBuffer data) {
                messages.add(new Message(Opcode.BINARY, copy(data)));
            }

            @Override
            public void onPing(ByteBuffer payload) {
                messages.add(new Message(Opcode.PING, copy(payload)));
            }

            @Override
            public void onPong(ByteBuffer payload) {
                messages.add(new Message(Opcode.PONG, copy(payload)));
            }

            @Override
            public void onClose(ClosePayload close) {
                messages.add(new Message(Opcode.CLOSE, copy(close.encode())));
            }
        });
    }

    private static byte[] copy(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /** Connects over plain TCP. */
    public static RawClient connect(InetSocketAddress address) throws IOException {
        return connect(address, s -> { });
    }

    /** Sets socket options before the connect; it may throw what setting an option throws. */
    @FunctionalInterface
    public interface SocketSetup {
        /**
         * Sets options on the socket about to connect.
         *
         * @param socket the unconnected socket
         * @throws IOException if an option is refused
         */
        void configure(Socket socket) throws IOException;
    }

    /** Connects over plain TCP, with socket options set before the connect (say, a small receive buffer). */
    public static RawClient connect(InetSocketAddress address, SocketSetup configure) throws IOException {
        Socket socket = new Socket();
        configure.configure(socket);
        socket.connect(address, (int) TransportKit.WAIT.toMillis());
        return new RawClient(socket, address.getHostString(), address.getPort());
    }

    /**
     * Connects over TLS and completes the TLS handshake.
     *
     * @param protocols the TLS versions to offer, or none for the context's defaults
     */
    public static RawClient connectTls(InetSocketAddress address, SSLContext context, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        socket.connect(address, (int) TransportKit.WAIT.toMillis());
        socket.setSoTimeout((int) TransportKit.WAIT.toMillis());
        socket.startHandshake();
        return new RawClient(socket, address.getHostString(), address.getPort());
    }

    /** The socket, for TLS session details and the like. */
    public Socket socket() {
        return socket;
    }

    // ---------------------------------------------------------------- writing

    /** Writes bytes as they are. */
    public RawClient writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes ISO-8859-1 text as it is, such as part of a request. */
    public RawClient writeRaw(String text) throws IOException {
        return writeRaw(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Runs the opening handshake for {@code path}, failing unless the server answers 101. */
    public RawClient upgrade(String path) throws IOException {
        ClientHandshake handshake = ClientHandshake.of(URI.create("ws://" + host + ":" + port + path));
        ByteBuffer request = handshake.requestBytes();
        writeRaw(copy(request));
        HttpResponseHead head = readHead(TransportKit.WAIT);
        assertEquals(101, head.status(), "the server's answer to the upgrade of " + path);
        handshake.validate(head);
        return this;
    }

    /**
     * Sends a complete masked frame, in any order: a test may break the message order of §5.4 on
     * purpose, so the header is given whole and the encoder's order check is not asked.
     */
    public RawClient sendFrame(Opcode opcode, boolean fin, byte[] payload) throws IOException {
        FrameHeader header = new FrameHeader(fin, 0, opcode, true, keys.nextMaskingKey(), payload.length);
        ByteBuffer frame = ByteBuffer.allocate(FrameHeader.encodedLength(payload.length, true) + payload.length);
        encoder.start(header, ByteBuffer.wrap(payload));
        encoder.encode(frame);
        return writeRaw(copy(frame.flip()));
    }

    /** Sends a text message in one frame. */
    public RawClient sendText(String text) throws IOException {
        return sendFrame(Opcode.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a close frame. */
    public RawClient sendClose(int code, String reason) throws IOException {
        return sendFrame(Opcode.CLOSE, true, copy(ClosePayload.encode(code, reason)));
    }

    /** Returns the first {@code length} bytes of a complete masked binary frame of {@code payloadLength} bytes. */
    public byte[] partialBinaryFrame(int payloadLength, int length) {
        byte[] frame = copy(encoder.encodeFrame(Opcode.BINARY, true, ByteBuffer.allocate(payloadLength)));
        return java.util.Arrays.copyOf(frame, length);
    }

    // ---------------------------------------------------------------- reading

    private int fill(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int n = in.read(chunk);
        if (n > 0) {
            ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + n);
            joined.put(pending).put(chunk, 0, n).flip();
            pending = joined;
        }
        return n;
    }

    private HttpResponseHead readHead(Duration timeout) throws IOException {
        HttpResponseParser parser = new HttpResponseParser();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponseHead head = parser.parse(pending);
            if (head != null) {
                pending = pending.slice();
                return head;
            }
            pending = ByteBuffer.allocate(0);
            if (fill(remaining(deadline)) < 0) {
                fail("the server closed the connection before a full response head");
            }
        }
    }

    /** Reads one whole HTTP response (body framed by Content-Length). */
    public HttpReply readHttpResponse() throws IOException {
        long deadline = System.nanoTime() + TransportKit.WAIT.toNanos();
        HttpResponseHead head = readHead(TransportKit.WAIT);
        String length = head.headers().first("Content-Length");
        if (length == null) {
            fail("response without Content-Length: " + head);
        }
        int n = Integer.parseInt(length);
        while (pending.remaining() < n) {
            if (fill(remaining(deadline)) < 0) {
                fail("the server closed the connection after " + pending.remaining() + " of " + n + " body bytes");
            }
        }
        byte[] body = new byte[n];
        pending.get(body);
        pending = pending.slice();
        return new HttpReply(head, body);
    }

    /** Reads the next message or control frame, waiting up to the kit's limit. */
    public Message readMessage() throws IOException {
        return readMessage(TransportKit.WAIT);
    }

    /** Reads the next message or control frame, waiting up to {@code timeout}. */
    public Message readMessage(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.isEmpty()) {
            if (pending.hasRemaining()) {
                decoder.decode(pending);
                continue;
            }
            int n = fill(remaining(deadline));
            if (n < 0) {
                fail("the server closed the connection while a message was awaited");
            }
        }
        return messages.poll();
    }

    /**
     * Reads and discards until the server closes the connection (end of stream or reset).
     *
     * @return whether it closed within {@code timeout}
     */
    public boolean awaitEof(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                if (in.read(chunk) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server: closed too
        }
    }

    private static Duration remaining(long deadline) throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("nothing more arrived in time");
        }
        return Duration.ofNanos(left);
    }

    // ---------------------------------------------------------------- ending

    /** Drops TCP with a reset (SO_LINGER 0), as a crashed peer would. */
    public void abort() throws IOException {
        if (!socket.isClosed()) {
            if (!(socket instanceof SSLSocket)) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        }
    }

    /** Closes TCP with a FIN. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Bytes a test can fill with a recognisable pattern: {@code length} bytes from a seed. */
    public static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }
}
