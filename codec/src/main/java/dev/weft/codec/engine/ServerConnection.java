package dev.weft.codec.engine;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.engine.ProtocolEvent.HandshakeFailed;
import dev.weft.codec.engine.ProtocolEvent.Opened;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.HandshakeResult;
import dev.weft.codec.http.HttpException;
import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpRequestParser;
import dev.weft.codec.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The server end of one TCP connection: HTTP/1.1 requests until one is upgraded, then RFC 6455.
 *
 * <p>Each request goes to the application's {@link RequestRouter}. A plain response is written
 * and, if the connection stays alive (HTTP/1.1 rules), the next request is read; an upgrade runs
 * the opening handshake (§4.2) and, on success, writes the 101, queues an
 * {@link Opened} event and hands every later byte, including any that came right behind the
 * request, to a {@link WebSocketProtocol}. Bad requests are answered with their status (400,
 * 414, 431, 501, 505, or the handshake's 400, 403, 426) and the connection closes.
 *
 * <p>Once upgraded, neither the request nor its parser is kept: an open connection may sit idle
 * for hours, and its memory should be the frame codec's alone. The router sees the request; a
 * handler that needs its path, headers or cookies takes them there.
 */
public final class ServerConnection extends Connection {

    private final RequestRouter router;
    /** Reads requests until one is upgraded; dropped then, since an open connection reads frames only. */
    private HttpRequestParser parser;
    private long bodyToSkip;
    private WebSocketHandler handler;

    /**
     * Creates a connection with the default HTTP limits.
     *
     * @param router decides what to do with each request
     */
    public ServerConnection(RequestRouter router) {
        this(router, HttpLimits.defaults());
    }

    /**
     * Creates a connection.
     *
     * @param router decides what to do with each request
     * @param limits limits on request lines and header blocks
     */
    public ServerConnection(RequestRouter router, HttpLimits limits) {
        this.router = Objects.requireNonNull(router, "router");
        this.parser = new HttpRequestParser(limits);
    }

    @Override
    public void receive(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (protocol != null) {
                protocol.receive(in);
                return;
            }
            if (closeBeforeOpen) {
                in.position(in.limit());
                return;
            }
            if (bodyToSkip > 0) {
                // Plain requests' bodies are not used by any route; skip them to reach the next request.
                int n = (int) Math.min(bodyToSkip, in.remaining());
                in.position(in.position() + n);
                bodyToSkip -= n;
                continue;
            }
            HttpRequest request;
            try {
                request = parser.parse(in);
            } catch (HttpException e) {
                reject(e.status(), e.getMessage());
                return;
            }
            if (request == null) {
                return;
            }
            handle(request, in);
        }
    }

    private void handle(HttpRequest request, ByteBuffer in) {
        if (request.chunked()) {
            reject(501, "chunked request bodies are not supported");
            return;
        }
        bodyToSkip = Math.max(0, request.contentLength());
        Route route;
        try {
            route = router.route(request);
        } catch (RuntimeException e) {
            reject(500, "the server failed to handle the request");
            return;
        }
        switch (route) {
            case Route.Respond respond -> {
                respond(respond.response(), request.keepAlive());
                parser.reset();
            }
            case Route.RespondFile file -> {
                HttpResponse head = request.keepAlive() ? file.head() : withConnectionClose(file.head());
                closeBeforeOpen |= !request.keepAlive() || head.headers().containsToken("Connection", "close");
                handshakeOutput.add(new Outbound(new ByteBuffer[] {head.encodeHead()}, file.body(),
                        new java.util.concurrent.CompletableFuture<>()));
                parser.reset();
            }
            case Route.Upgrade upgrade -> upgrade(upgrade, request, in);
        }
    }

    private void upgrade(Route.Upgrade upgrade, HttpRequest request, ByteBuffer in) {
        if (upgrade.config().role() != Role.SERVER) {
            throw new IllegalArgumentException("an upgrade route needs a server ProtocolConfig");
        }
        if (bodyToSkip > 0) {
            reject(400, "an upgrade request must not have a body");
            return;
        }
        switch (upgrade.handshake().accept(request)) {
            case HandshakeResult.Accepted accepted -> {
                handshakeOutput.add(outbound(accepted.response().encode()));
                parser = null;
                handler = upgrade.handler();
                protocol = new WebSocketProtocol(upgrade.config(), accepted.extensions(), null);
                handshakeEvents.add(new Opened(accepted.subprotocol(), accepted.extensions()));
                if (in.hasRemaining()) {
                    protocol.receive(in);
                }
            }
            case HandshakeResult.Rejected rejected -> {
                handshakeOutput.add(outbound(finished(withConnectionClose(rejected.response())).encode()));
                handshakeEvents.add(new HandshakeFailed(rejected.response().status(), rejected.reason()));
                closeBeforeOpen = true;
            }
        }
    }

    private void respond(HttpResponse response, boolean keepAlive) {
        if (!keepAlive) {
            response = withConnectionClose(response);
            closeBeforeOpen = true;
        } else if (response.headers().containsToken("Connection", "close")) {
            closeBeforeOpen = true;
        }
        handshakeOutput.add(outbound(response.encode()));
    }

    private void reject(int status, String message) {
        HttpResponse response = HttpResponse.of(status,
                HttpHeaders.builder().add("Content-Type", "text/plain; charset=utf-8").add("Connection", "close").build(),
                (message + "\n").getBytes(StandardCharsets.UTF_8));
        handshakeOutput.add(outbound(finished(response).encode()));
        closeBeforeOpen = true;
    }

    /** The router's finishing touches on an answer made here (see {@link RequestRouter#refusal}). */
    private HttpResponse finished(HttpResponse refusal) {
        try {
            HttpResponse finished = router.refusal(refusal);
            return finished != null ? finished : refusal;
        } catch (RuntimeException e) {
            return refusal;
        }
    }

    private static HttpResponse withConnectionClose(HttpResponse response) {
        if (response.headers().containsToken("Connection", "close")) {
            return response;
        }
        HttpHeaders headers = response.headers().toBuilder().set("Connection", "close").build();
        return new HttpResponse(response.status(), response.reason(), headers, response.body());
    }

    @Override
    void onEofBeforeOpen() {
        // A client that leaves before upgrading owes nobody anything: no event.
    }

    /**
     * Returns the application handler chosen for this connection by the router.
     *
     * @return the handler, or {@code null} before the handshake succeeds
     */
    public WebSocketHandler handler() {
        return handler;
    }
}
