package dev.weft.codec.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP proxy that tunnels with {@code CONNECT} and nothing else, for tests: each client
 * gets a virtual thread that reads the request head, optionally checks {@code Proxy-Authorization},
 * connects to the target (loopback only: the tests never leave this machine), answers 200, and
 * then copies bytes both ways until either side closes.
 */
public final class TestProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String requiredAuthorization;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param requiredAuthorization the {@code Proxy-Authorization} value to insist on, or
     *                              {@code null} to let everyone through
     */
    public TestProxy(String requiredAuthorization) throws IOException {
        this.requiredAuthorization = requiredAuthorization;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("test-proxy-accept").start(this::acceptLoop);
    }

    /** The proxy's URL, {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Every request line received, such as {@code CONNECT 127.0.0.1:4242 HTTP/1.1}. */
    public List<String> requests() {
        return requests;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread.ofVirtual().name("test-proxy-conn").start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            String requestLine = head.lines().findFirst().orElse("");
            requests.add(requestLine);
            String[] parts = requestLine.split(" ");
            if (parts.length != 3 || !parts[0].equals("CONNECT")) {
                answer(out, "405 Method Not Allowed");
                return;
            }
            if (requiredAuthorization != null && !head.contains("\r\nProxy-Authorization: " + requiredAuthorization + "\r\n")) {
                answer(out, "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"");
                return;
            }
            int colon = parts[1].lastIndexOf(':');
            String host = parts[1].substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(parts[1].substring(colon + 1));
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                answer(out, "403 Forbidden");
                return;
            }
            try (Socket target = new Socket()) {
                try {
                    target.connect(new InetSocketAddress(host, port), 5_000);
                } catch (IOException e) {
                    answer(out, "502 Bad Gateway");
                    return;
                }
                sockets.add(target);
                answer(out, "200 Connection established");
                Thread upstream = Thread.ofVirtual().start(() -> copy(in, target));
                copy(target, client);
                upstream.join();
            }
        } catch (IOException | InterruptedException e) {
            // either side left: the tunnel is over
        }
    }

    private static void copy(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // the other side closed
        }
    }

    private static void copy(Socket from, Socket to) throws IOException {
        copy(from.getInputStream(), to);
    }

    private static void answer(OutputStream out, String status) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client left during its request");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
