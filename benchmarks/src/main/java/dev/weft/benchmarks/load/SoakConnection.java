package dev.weft.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One soak connection, on its own virtual thread with a blocking socket: the opening handshake,
 * then rounds of {@code inflight} numbered messages sent back to back and their echoes read and
 * compared byte for byte, then the closing handshake.
 *
 * <p>It speaks the protocol with its own few lines of framing rather than Weft's codec, so that a
 * defect shared by Weft's two ends cannot hide itself. Every message carries the connection's id
 * and its sequence number in its first 24 bytes, in hex, and a filler made from both, so an echo that
 * is cut, corrupted, duplicated, swapped or taken from another connection is caught; sizes and
 * types (text or binary) vary with the sequence number, and every 101st message is 16 KB.
 *
 * <p>Any failure is reported once to the {@link SoakCounters} and ends this connection; the
 * others go on, and the run's verdict fails.
 */
final class SoakConnection {

    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;
    /** The id (8 hex digits) and sequence number (16 hex digits) at the start of every payload. */
    private static final int HEADER_BYTES = 24;
    private static final int LARGE = 16_000;

    private final int id;
    private final EchoTarget target;
    private final SoakCounters counters;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private long sent;

    SoakConnection(int id, EchoTarget target, SoakCounters counters) {
        this.id = id;
        this.target = target;
        this.counters = counters;
    }

    /**
     * Connects and completes the opening handshake.
     *
     * @throws IOException if the connection or the handshake fails
     */
    void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(target.address(), 30_000);
        socket.setSoTimeout(60_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 32 * 1024));
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET " + EchoServer.PATH + " HTTP/1.1\r\nHost: " + target.host() + ":" + target.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake answered with " + head.lines().findFirst().orElse("nothing"));
        }
        String accept = expectedAccept(key);
        if (!head.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-accept: " + accept.toLowerCase(java.util.Locale.ROOT))) {
            throw new IOException("handshake answer lacks the right Sec-WebSocket-Accept");
        }
    }

    /**
     * Sends and checks rounds of messages until {@code running} says stop, pausing between
     * rounds; then closes with 1000 and expects the server's close echo and end of stream.
     *
     * @param inflight messages per round, sent before any echo is read
     * @param pauseMillis pause between rounds
     * @param running whether to go on
     */
    void soak(int inflight, long pauseMillis, java.util.function.BooleanSupplier running) {
        try {
            // Spread the connections' rounds over the pause, so the load is steady, not in waves.
            Thread.sleep(Math.floorMod(id * 7919L, Math.max(1, pauseMillis)));
            while (running.getAsBoolean()) {
                long first = sent;
                for (int i = 0; i < inflight; i++) {
                    send(sent++);
                }
                out.flush();
                for (long seq = first; seq < sent; seq++) {
                    expectEcho(seq);
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
            close();
            counters.closeCompleted();
        } catch (IOException | RuntimeException e) {
            counters.fail(id, sent, e);
        } catch (InterruptedException e) {
            counters.fail(id, sent, new IOException("interrupted"));
            Thread.currentThread().interrupt();
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort once the verdict is taken
            }
        }
    }

    /** Closes the socket without a closing handshake, for a connection that never opened. */
    void abort() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    private void send(long seq) throws IOException {
        byte[] payload = payload(id, seq);
        writeFrame(opcode(seq), payload);
    }

    private void expectEcho(long seq) throws IOException {
        Message m = readMessage();
        if (m.opcode == OPCODE_CLOSE) {
            throw new IOException("the server closed (" + closeCode(m.payload) + ") while message " + seq + " was in flight");
        }
        byte[] expected = payload(id, seq);
        if (m.opcode != opcode(seq) || !java.util.Arrays.equals(m.payload, expected)) {
            throw new IOException("echo of message " + seq + " differs: " + describe(m, expected));
        }
        counters.echoed(expected.length);
    }

    private void close() throws IOException {
        writeFrame(OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE8});
        out.flush();
        Message m = readMessage();
        if (m.opcode != OPCODE_CLOSE) {
            throw new IOException("a " + m.opcode + " frame came after every echo, where the close echo was due");
        }
        if (closeCode(m.payload) != 1000) {
            throw new IOException("the server answered close 1000 with " + closeCode(m.payload));
        }
        // §7.1.1: the server closes TCP first.
        if (in.read() != -1) {
            throw new IOException("bytes after the server's close frame");
        }
    }

    private static int closeCode(byte[] payload) {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    private static String describe(Message m, byte[] expected) {
        if (m.opcode != OPCODE_TEXT && m.opcode != OPCODE_BINARY) {
            return "opcode " + m.opcode;
        }
        if (m.payload.length >= HEADER_BYTES) {
            String header = new String(m.payload, 0, HEADER_BYTES, StandardCharsets.ISO_8859_1);
            return m.payload.length + " bytes headed '" + header + "' (connection id, message number in hex); expected "
                    + expected.length + " bytes headed '" + new String(expected, 0, HEADER_BYTES, StandardCharsets.ISO_8859_1) + "'";
        }
        return m.payload.length + " bytes; expected " + expected.length;
    }

    /** The payload of message {@code seq} of connection {@code id}: id, seq, then an ASCII filler. */
    static byte[] payload(int id, long seq) {
        long mix = (id * 0x9E3779B97F4A7C15L) ^ (seq * 0xC2B2AE3D27D4EB4FL);
        int size = seq % 101 == 100 ? LARGE : HEADER_BYTES + (int) Math.floorMod(mix >>> 17, 500L);
        byte[] p = new byte[size];
        byte[] header = String.format(java.util.Locale.ROOT, "%08x%016x", id, seq).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, p, 0, HEADER_BYTES);
        for (int i = HEADER_BYTES; i < size; i++) {
            p[i] = (byte) ('a' + Math.floorMod(mix + i * 31L, 26));
        }
        return p;
    }

    /** Even messages are binary, odd ones text (every payload is ASCII, so valid UTF-8). */
    private static int opcode(long seq) {
        return seq % 2 == 0 ? OPCODE_BINARY : OPCODE_TEXT;
    }

    private void writeFrame(int opcode, byte[] payload) throws IOException {
        int n = payload.length;
        int headerLength = 2 + (n < 126 ? 0 : n < 65536 ? 2 : 8) + 4;
        byte[] frame = new byte[headerLength + n];
        frame[0] = (byte) (0x80 | opcode);
        int at;
        if (n < 126) {
            frame[1] = (byte) (0x80 | n);
            at = 2;
        } else if (n < 65536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
            at = 4;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
            at = 10;
        }
        int key = ThreadLocalRandom.current().nextInt();
        for (int i = 0; i < 4; i++) {
            frame[at + i] = (byte) (key >>> (24 - 8 * i));
        }
        for (int i = 0; i < n; i++) {
            frame[headerLength + i] = (byte) (payload[i] ^ frame[at + (i & 3)]);
        }
        out.write(frame);
    }

    /** Reads one whole message or control frame, answering pings on the way. */
    private Message readMessage() throws IOException {
        java.io.ByteArrayOutputStream parts = null;
        int type = -1;
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) {
                throw new IOException("the server sent RSV bits or a mask: " + Integer.toHexString(b0) + " " + Integer.toHexString(b1));
            }
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if (length > 64L * 1024 * 1024) {
                throw new IOException("a frame of " + length + " bytes");
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            switch (opcode) {
                case OPCODE_PING -> {
                    writeFrame(OPCODE_PONG, payload);
                    out.flush();
                    counters.pinged();
                }
                case OPCODE_PONG -> {
                    // unsolicited: a heartbeat, nothing to answer
                }
                case OPCODE_CLOSE -> {
                    return new Message(OPCODE_CLOSE, payload);
                }
                case OPCODE_TEXT, OPCODE_BINARY -> {
                    if (type >= 0) {
                        throw new IOException("a new message inside a fragmented one");
                    }
                    if (fin) {
                        return new Message(opcode, payload);
                    }
                    type = opcode;
                    parts = new java.io.ByteArrayOutputStream();
                    parts.writeBytes(payload);
                }
                case OPCODE_CONTINUATION -> {
                    if (type < 0) {
                        throw new IOException("a continuation with no message");
                    }
                    parts.writeBytes(payload);
                    if (fin) {
                        return new Message(type, parts.toByteArray());
                    }
                }
                default -> throw new IOException("opcode " + opcode);
            }
        }
    }

    private record Message(int opcode, byte[] payload) {
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed during the handshake");
            }
            if (head.length() > 16 * 1024) {
                throw new IOException("handshake answer over 16 KiB");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String expectedAccept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
