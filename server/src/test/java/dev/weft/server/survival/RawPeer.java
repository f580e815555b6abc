package dev.weft.server.survival;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a plain blocking socket, writing exactly the bytes a test asks for, which
 * an attacker needs: half a message, a header announcing more than will ever come, a stream of
 * tiny frames it never reads the answers to. Frames are masked with the all-zero key, which
 * leaves payloads as they are and is as valid as any other key (RFC 6455 §5.3).
 */
final class RawPeer implements AutoCloseable {

    /** A frame from the server. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and completes the opening handshake, or throws. */
    static RawPeer open(int port, String path) throws IOException {
        return open(port, path, 0);
    }

    /**
     * Connects with a receive buffer of {@code receiveBuffer} bytes (0: the system's): a small one
     * keeps the kernel from absorbing a server's answers that this peer never reads.
     */
    static RawPeer open(int port, String path, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            RawPeer peer = new RawPeer(socket);
            peer.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = peer.readHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("not upgraded: " + head.lines().findFirst().orElse(""));
            }
            return peer;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a plain HTTP GET and returns the response's status line and body. */
    static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Writes a masked frame header announcing {@code length} payload bytes, and no payload. */
    void sendHeader(boolean fin, int opcode, long length) throws IOException {
        byte[] header = new byte[14];
        header[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        int n;
        if (length < 126) {
            header[1] = (byte) (0x80 | length);
            n = 2;
        } else if (length < 65536) {
            header[1] = (byte) (0x80 | 126);
            header[2] = (byte) (length >>> 8);
            header[3] = (byte) length;
            n = 4;
        } else {
            header[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) (length >>> (56 - 8 * i));
            }
            n = 10;
        }
        out.write(header, 0, n + 4); // the key: four zero bytes
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        sendHeader(fin, opcode, payload.length);
        out.write(payload);
        out.flush();
    }

    void sendText(String text) throws IOException {
        sendFrame(true, 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /** Sends a text message and returns the text of the answer, skipping pings and pongs. */
    String echo(String text) throws IOException {
        sendText(text);
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x1) {
                return f.text();
            }
            if (f.opcode() == 0x8) {
                throw new IOException("closed with " + f.closeCode() + " instead of an echo");
            }
        }
    }

    /** Reads frames until a close frame, and returns its code. */
    int awaitClose() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x8) {
                return f.closeCode();
            }
        }
    }

    /**
     * Returns whether the server has answered or dropped this connection: data, the end of the
     * stream or a reset arrives within a moment. {@code false} if it is still silently held.
     */
    boolean wasAnswered() throws IOException {
        socket.setSoTimeout(200);
        try {
            in.read();
            return true;
        } catch (java.net.SocketTimeoutException held) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is the goal
        }
    }
}
