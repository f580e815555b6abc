package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.Route;
import dev.weft.codec.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A request answered later ({@link Route.Deferred}), as the engine sees it: while the answer is
 * worked out the connection reads nothing more (it is not writable), bytes already read behind
 * the request wait their turn, and a peer that half-closes meanwhile still gets its answer
 * (RFC 9112 §9.3: responses in request order on a persistent connection).
 */
class DeferredRouteTest {

    private CompletableFuture<Route> pending = new CompletableFuture<>();

    private final RequestRouter router = request -> switch (request.path()) {
        case "/later" -> new Route.Deferred(pending);
        default -> new Route.Respond(HttpResponse.text(200, "text/plain", "now " + request.path()));
    };

    @Test
    void theAnswerIsWrittenWhenItCompletesAndPipelinedRequestsFollowInOrder() {
        ServerConnection server = new ServerConnection(router);
        server.receive(ascii("GET /later HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertNotNull(server.awaitedResponse());
        assertFalse(server.isWritable(), "a connection waiting for an answer must not be read from");
        assertEquals("", drainText(server), "nothing is written before the answer, not even the next request's");

        server.resumeDeferred(); // not complete yet: nothing happens
        assertEquals("", drainText(server));

        pending.complete(new Route.Respond(HttpResponse.text(200, "text/plain", "late")));
        server.resumeDeferred();
        String out = drainText(server);
        assertTrue(out.indexOf("late") > 0 && out.indexOf("now /next") > out.indexOf("late"), out);
        assertNull(server.awaitedResponse());
        assertTrue(server.isWritable());
        assertFalse(server.shouldCloseTransport());
    }

    @Test
    void aFailedAnswerIs500() {
        ServerConnection server = new ServerConnection(router);
        server.receive(ascii("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"));
        pending.completeExceptionally(new IllegalStateException("the database is down"));
        server.resumeDeferred();
        assertTrue(drainText(server).startsWith("HTTP/1.1 500 "));
        assertTrue(server.shouldCloseTransport());
    }

    @Test
    void anUpgradeIsNoAnswerToADeferredRequest() {
        ServerConnection server = new ServerConnection(router);
        server.receive(ascii("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"));
        pending.complete(new Route.Deferred(new CompletableFuture<>()));
        server.resumeDeferred();
        assertTrue(drainText(server).startsWith("HTTP/1.1 500 "));
    }

    @Test
    void aPeerThatHalfClosesStillGetsItsAnswer() {
        ServerConnection server = new ServerConnection(router);
        server.receive(ascii("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"));
        server.receiveEof();
        assertFalse(server.shouldCloseTransport(), "closing now would lose the answer");
        pending.complete(new Route.Respond(HttpResponse.text(200, "text/plain", "late")));
        server.resumeDeferred();
        assertTrue(drainText(server).contains("late"));
        assertTrue(server.shouldCloseTransport());
    }

    @Test
    void bytesArrivingWhileWaitingAreKeptToo() {
        ServerConnection server = new ServerConnection(router);
        server.receive(ascii("GET /later HTTP/1.1\r\nHost: x\r\n\r\nGET /a HTTP/1.1\r\n"));
        server.receive(ascii("Host: x\r\n\r\n"));
        pending.complete(new Route.Respond(HttpResponse.text(200, "text/plain", "late")));
        server.resumeDeferred();
        String out = drainText(server);
        assertTrue(out.indexOf("now /a") > out.indexOf("late"), out);
    }

    @Test
    void aDroppedConnectionIgnoresItsAnswer() {
        ServerConnection server = new ServerConnection(router);
        server.receive(ascii("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"));
        server.handshakeTimedOut(); // what the transport's handshake timer does to a connection that waited too long
        pending.complete(new Route.Respond(HttpResponse.text(200, "text/plain", "late")));
        server.resumeDeferred();
        assertEquals("", drainText(server));
        assertTrue(server.shouldCloseTransport());
    }

    @Test
    void anAbandonedAnswerClosesTheFileItOpens() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("weft", ".txt");
        try {
            java.nio.file.Files.writeString(file, "body");
            ServerConnection server = new ServerConnection(router);
            server.receive(ascii("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"));
            server.abandonDeferred();
            assertTrue(server.shouldCloseTransport());
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file);
            HttpResponse head = new HttpResponse(200, "OK", dev.weft.codec.http.HttpHeaders.builder()
                    .add("Content-Length", "4").build(), null);
            pending.complete(new Route.RespondFile(head, new FileRegion(channel, 0, 4)));
            assertFalse(channel.isOpen(), "the file of an answer nobody will send must be closed");
            assertEquals("", drainText(server));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String drainText(Connection c) {
        StringBuilder out = new StringBuilder();
        Outbound o;
        while ((o = c.pollOutput()) != null) {
            for (ByteBuffer b : o.buffers()) {
                out.append(StandardCharsets.UTF_8.decode(b.duplicate()));
            }
        }
        return out.toString();
    }
}
