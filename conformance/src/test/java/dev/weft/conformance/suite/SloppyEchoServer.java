package dev.weft.conformance.suite;

import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.FrameReader;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpRequestParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A deliberately careless WebSocket server, to show that the suite catches one: it echoes every
 * frame exactly as it came (reserved bits, reserved opcodes, invalid UTF-8 and all), answers a
 * ping with a pong and a close with the same close frame, and never fails a connection.
 */
final class SloppyEchoServer implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket();

    SloppyEchoServer() throws IOException {
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    private static void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            HttpRequestParser parser = new HttpRequestParser();
            byte[] buf = new byte[65536];
            HttpRequest request = null;
            ByteBuffer rest = null;
            while (request == null) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                rest = ByteBuffer.wrap(buf, 0, n);
                request = parser.parse(rest);
            }
            ByteBuffer response = new ServerHandshake(List.of(), OriginPolicy.any(), List.of()).accept(request).response().encode();
            out.write(response.array(), response.arrayOffset() + response.position(), response.remaining());
            FrameReader reader = new FrameReader();
            Echo echo = new Echo(out);
            ByteBuffer first = ByteBuffer.wrap(java.util.Arrays.copyOfRange(buf, rest.position(), rest.limit()));
            reader.read(first, echo);
            while (!echo.closed) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                reader.read(ByteBuffer.wrap(buf, 0, n), echo);
            }
        } catch (IOException | RuntimeException ignored) {
            // a careless server just goes away
        }
    }

    /** Sends each frame back unmasked, as it was; pings get pongs. */
    private static final class Echo implements FrameReader.Handler {
        private final OutputStream out;
        private FrameHeader header;
        private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        boolean closed;

        Echo(OutputStream out) {
            this.out = out;
        }

        @Override
        public void onFrameHeader(boolean fin, int rsv, dev.weft.codec.frame.Opcode opcode, boolean masked, int maskingKey,
                                  long payloadLength) {
            header = new FrameHeader(fin, rsv, opcode, masked, maskingKey, payloadLength);
            payload.reset();
        }

        @Override
        public void onPayload(ByteBuffer chunk) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            payload.writeBytes(b);
        }

        @Override
        public void onFrameEnd() {
            byte[] data = payload.toByteArray();
            dev.weft.codec.frame.Opcode op = header.opcode() == dev.weft.codec.frame.Opcode.PING
                    ? dev.weft.codec.frame.Opcode.PONG : header.opcode();
            FrameHeader back = new FrameHeader(header.fin(), header.rsv(), op, false, 0, data.length);
            ByteBuffer frame = ByteBuffer.allocate(back.encodedLength() + data.length);
            back.writeTo(frame);
            frame.put(data);
            try {
                out.write(frame.array());
                if (op == dev.weft.codec.frame.Opcode.CLOSE) {
                    closed = true;
                }
            } catch (IOException e) {
                closed = true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
