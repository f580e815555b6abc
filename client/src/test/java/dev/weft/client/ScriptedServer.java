package dev.weft.client;

import dev.weft.codec.handshake.AcceptKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server that misbehaves on purpose, one scripted step at a time, over a plain socket: what a
 * well-made server never does (mask its frames, ignore a close, stop answering, never answer the
 * handshake) is what the client must report well. Each accepted connection runs the script on its
 * own virtual thread.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does with one connection. */
    interface Script {
        void run(Socket socket, InputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocket listener;
    private final List<Socket> accepted = new ArrayList<>();

    ScriptedServer(Script script) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                    Thread.ofVirtual().start(() -> {
                        try {
                            script.run(s, s.getInputStream(), s.getOutputStream());
                        } catch (IOException e) {
                            // the client left: the script is over
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    String url() {
        return "ws://127.0.0.1:" + port() + "/";
    }

    /** Reads the upgrade request and answers 101. */
    static void upgrade(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client left during its request");
            }
            head.write(b);
        }
        Matcher key = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)").matcher(head.toString(StandardCharsets.ISO_8859_1));
        if (!key.find()) {
            throw new IOException("no key");
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + AcceptKey.of(key.group(1)) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one masked client frame of under 126 bytes and returns its opcode and unmasked payload. */
    static byte[] readFrame(InputStream in) throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            throw new IOException("the client left");
        }
        int length = b1 & 0x7f;
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes(length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        byte[] frame = new byte[payload.length + 1];
        frame[0] = (byte) (b0 & 0x0f);
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }

    /** Sends an unmasked text frame of under 126 bytes. */
    static void sendText(OutputStream out, byte[] payload) throws IOException {
        out.write(0x81);
        out.write(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Reads and drops everything until the client leaves. */
    static void ignoreTheRest(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
