package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.http.HttpResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing blocks a loop thread: a slow HTTP handler runs off the transport's threads, so a
 * WebSocket echo on another connection of the same single-loop server is answered while the
 * handler is still at work; and the slow answer, and a request pipelined behind it, still arrive
 * in order on their own connection.
 */
@Timeout(60)
class OffLoopHandlersTest {

    static List<String> transports() {
        return Servers.transports();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aSlowHandlerDoesNotDelayAnotherConnectionsEcho(String transport) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (WeftServer server = WeftServer.builder().host("127.0.0.1").port(0).transport(transport).threads(1)
                .webSocket("/ws", Subprotocol.echo())
                .http("/slow", request -> {
                    entered.countDown();
                    try {
                        // Held until the echo has been seen, within a generous bound: "slow" is a
                        // fact of ordering here, not of timing.
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return HttpResponse.text(200, "text/plain", "slow");
                })
                .build().start();
             WsClient ws = WsClient.connect(server.webSocketUri("/ws"), List.of());
             Socket http = new Socket("127.0.0.1", server.port())) {
            http.setSoTimeout(20_000);
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> exchange(http,
                    "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the slow handler never started");

            ws.session.sendText("still here");
            assertEquals("still here", ws.nextText(), "the echo waited for the slow handler");
            assertFalse(slow.isDone(), "the slow response came before the handler returned");

            release.countDown();
            assertTrue(slow.get(10, TimeUnit.SECONDS).endsWith("slow"));
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void pipelinedRequestsBehindADeferredAnswerKeepTheirOrder(String transport) throws Exception {
        try (WeftServer server = WeftServer.builder().host("127.0.0.1").port(0).transport(transport).threads(1)
                .http("/a", request -> {
                    sleep(200);
                    return HttpResponse.text(200, "text/plain", "first");
                })
                .http("/b", request -> HttpResponse.text(200, "text/plain", "second"))
                .build().start();
             Socket http = new Socket("127.0.0.1", server.port())) {
            http.setSoTimeout(20_000);
            OutputStream out = http.getOutputStream();
            out.write(("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            http.shutdownOutput(); // a half-closed client still gets both answers
            String all = new String(http.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int first = all.indexOf("first");
            int second = all.indexOf("second");
            assertTrue(first > 0 && second > first, "answers out of order or missing: " + all);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aThrowingHandlerIsAnswered500(String transport) throws Exception {
        try (WeftServer server = WeftServer.builder().host("127.0.0.1").port(0).transport(transport).threads(1)
                .http("/boom", request -> {
                    throw new IllegalStateException("boom");
                })
                .build().start();
             Socket http = new Socket("127.0.0.1", server.port())) {
            http.setSoTimeout(20_000);
            String response = exchange(http, "GET /boom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 500"), response);
        }
    }

    private static String exchange(Socket socket, String request) {
        try {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int length = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return head.toString();
                }
                head.append((char) b);
                if (head.toString().endsWith("\r\n\r\n")) {
                    for (String line : head.toString().split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    break;
                }
            }
            return head + new String(in.readNBytes(Math.max(length, 0)), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
