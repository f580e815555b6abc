package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The answers a server connection makes by itself (a malformed request, a refused handshake, a
 * failing router) pass through {@link RequestRouter#refusal}, so a server can add the fields it
 * sends on every answer (RFC 9110 §6.6.1 {@code Date}, §10.2.4 {@code Server}); routed answers
 * are the router's own and do not.
 */
class RefusalTest {

    /** Routes /websocket to a handshake that allows one origin, /boom to a failure, else 200. */
    private static final class Stamping implements RequestRouter {
        private final ServerHandshake handshake =
                new ServerHandshake(List.of(), OriginPolicy.allowList(List.of("https://good.example")), List.of());

        @Override
        public Route route(HttpRequest request) {
            return switch (request.path()) {
                case "/websocket" -> new Route.Upgrade(handshake, new WebSocketHandler() {
                }, ProtocolConfig.defaults(Role.SERVER));
                case "/boom" -> throw new IllegalStateException("boom");
                default -> new Route.Respond(HttpResponse.text(200, "text/plain", "ok"));
            };
        }

        @Override
        public HttpResponse refusal(HttpResponse refusal) {
            return new HttpResponse(refusal.status(), refusal.reason(),
                    refusal.headers().toBuilder().add("X-Stamp", "yes").build(), refusal.body());
        }
    }

    private static String answer(RequestRouter router, String request) {
        ServerConnection server = new ServerConnection(router);
        server.receive(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        StringBuilder out = new StringBuilder();
        for (Outbound o = server.pollOutput(); o != null; o = server.pollOutput()) {
            for (ByteBuffer b : o.buffers()) {
                out.append(StandardCharsets.UTF_8.decode(b.duplicate()));
            }
        }
        return out.toString();
    }

    private static final String UPGRADE = "GET /websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    @Test
    void answersMadeByTheConnectionPassThroughTheRouter() {
        String[][] cases = {
            {"GET /x HTTP/1.1\r\nHost : x\r\n\r\n", "400"},
            {"GET /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "501"},
            {UPGRADE + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n\r\n", "400"},
            {"POST /websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", "405"},
            {UPGRADE + "Origin: https://evil.example\r\n\r\n", "403"},
            {"GET /boom HTTP/1.1\r\nHost: x\r\n\r\n", "500"},
        };
        for (String[] c : cases) {
            String out = answer(new Stamping(), c[0]);
            assertTrue(out.startsWith("HTTP/1.1 " + c[1] + " "), c[0] + " -> " + out);
            assertTrue(out.contains("\r\nX-Stamp: yes\r\n"), c[0] + " -> " + out);
            assertTrue(out.contains("\r\nConnection: close\r\n"), c[0] + " -> " + out);
        }
    }

    @Test
    void routedAnswersAndAcceptedHandshakesDoNot() {
        assertFalse(answer(new Stamping(), "GET /x HTTP/1.1\r\nHost: x\r\n\r\n").contains("X-Stamp"));
        String accepted = answer(new Stamping(), UPGRADE + "Origin: https://good.example\r\n\r\n");
        assertTrue(accepted.startsWith("HTTP/1.1 101 "), accepted);
        assertFalse(accepted.contains("X-Stamp"), accepted);
    }

    @Test
    void aFailingHookLeavesTheAnswerAsItWas() {
        RequestRouter broken = new RequestRouter() {
            @Override
            public Route route(HttpRequest request) {
                return new Route.Respond(HttpResponse.text(200, "text/plain", "ok"));
            }

            @Override
            public HttpResponse refusal(HttpResponse refusal) {
                throw new IllegalStateException("broken");
            }
        };
        assertTrue(answer(broken, "GET /x HTTP/1.1\r\nHost : x\r\n\r\n").startsWith("HTTP/1.1 400 "));
    }
}
