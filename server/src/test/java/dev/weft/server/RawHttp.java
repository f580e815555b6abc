package dev.weft.server;

import dev.weft.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.SocketFactory;

/**
 * Plain HTTP/1.1 over a java.net socket, byte for byte as written: request targets reach the
 * server without any client normalising them, which the traversal corpus needs.
 */
final class RawHttp {

    /** A response as read off the wire. */
    record Response(int status, String statusLine, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.first(name);
        }

        @Override
        public String toString() {
            return statusLine + "\n" + headers + "\n\n" + new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    static Response get(int port, String target, String... headerLines) throws IOException {
        return exchange(SocketFactory.getDefault(), port, "GET", target, headerLines);
    }

    static Response request(int port, String method, String target, String... headerLines) throws IOException {
        return exchange(SocketFactory.getDefault(), port, method, target, headerLines);
    }

    /** Sends one request with Connection: close and reads until the server closes. */
    static Response exchange(SocketFactory sockets, int port, String method, String target, String... headerLines)
            throws IOException {
        StringBuilder request = new StringBuilder();
        request.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost:").append(port)
                .append("\r\nConnection: close\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = sockets.createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    static Response parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        byte[] bytes = all.toByteArray();
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            throw new IOException("no complete response head: " + new String(bytes, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(lines[i].substring(0, colon), lines[i].substring(colon + 1));
        }
        byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), lines[0], headers.build(), body);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
