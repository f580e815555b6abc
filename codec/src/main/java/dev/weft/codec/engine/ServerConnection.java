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
    /** The answer to a {@link Route.Deferred} request while it is being worked out, else {@code null}. */
    private java.util.concurrent.CompletableFuture<? extends Route> deferred;
    /** The request a deferred answer is for. */
    private HttpRequest deferredRequest;
    /** Bytes that arrived behind a deferred request (a pipelined request): read once it is answered. */
    private ByteBuffer behindDeferred;
    /** The peer closed its side while a deferred answer was being worked out: close after writing it. */
    private boolean eofWhileDeferred;
    /** Requests answered on this connection so far. */
    private int answered;

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
        super("server");
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
            if (deferred != null) {
                keepBehindDeferred(in);
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
                observer.handshakeRejected(null, e.status(), e.getMessage());
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
        observer.requestStarted(request);
        Route route;
        try {
            route = router.route(request);
        } catch (RuntimeException e) {
            routerFailed(request, e);
            return;
        }
        handleRoute(request, route, in);
    }

    private void handleRoute(HttpRequest request, Route route, ByteBuffer in) {
        switch (route) {
            case Route.Respond respond -> {
                answered++;
                HttpResponse response = respond.response();
                observer.answered(request, response.status(), response.body() == null ? 0 : response.body().length);
                respond(response, request.keepAlive());
                parser.reset();
            }
            case Route.RespondFile file -> {
                answered++;
                observer.answered(request, file.head().status(), file.body().count());
                HttpResponse head = request.keepAlive() ? file.head() : withConnectionClose(file.head());
                closeBeforeOpen |= !request.keepAlive() || head.headers().containsToken("Connection", "close");
                queueOutput(new Outbound(new ByteBuffer[] {head.encodeHead()}, file.body(),
                        new java.util.concurrent.CompletableFuture<>()));
                parser.reset();
            }
            case Route.Upgrade upgrade -> upgrade(upgrade, request, in);
            case Route.Deferred later -> {
                deferred = later.answer();
                deferredRequest = request;
            }
        }
    }

    /** Copies what follows a deferred request: the caller's buffer is reused as soon as we return. */
    private void keepBehindDeferred(ByteBuffer in) {
        int size = in.remaining() + (behindDeferred == null ? 0 : behindDeferred.remaining());
        ByteBuffer kept = ByteBuffer.allocate(size);
        if (behindDeferred != null) {
            kept.put(behindDeferred);
        }
        kept.put(in).flip();
        behindDeferred = kept;
    }

    /**
     * Returns the answer this connection waits for, if a {@link Route.Deferred} request is being
     * worked out. The transport calls {@link #resumeDeferred()} once it completes, on the
     * connection's thread; until then the connection is not {@linkplain #isWritable() writable},
     * so the transport reads nothing more from the peer.
     *
     * @return the pending answer, or {@code null} when none is awaited
     */
    public java.util.concurrent.CompletableFuture<? extends Route> awaitedResponse() {
        return deferred;
    }

    /**
     * Writes the completed answer to the deferred request and goes on with whatever arrived behind
     * it. Does nothing unless {@link #awaitedResponse()} is done.
     */
    public void resumeDeferred() {
        java.util.concurrent.CompletableFuture<? extends Route> answer = deferred;
        if (answer == null || !answer.isDone()) {
            return;
        }
        HttpRequest request = deferredRequest;
        deferred = null;
        deferredRequest = null;
        Route route;
        try {
            route = answer.join();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            routerFailed(request, cause);
            route = null;
        }
        if (closeBeforeOpen) {
            // Dropped meanwhile (a timeout, the transport closing): nobody will read the answer.
            if (route instanceof Route.RespondFile file) {
                closeQuietly(file.body());
            }
            behindDeferred = null;
            return;
        }
        if (route != null) {
            if (route instanceof Route.Respond || route instanceof Route.RespondFile) {
                ByteBuffer none = ByteBuffer.allocate(0);
                handleRoute(request, route, none);
            } else {
                routerFailed(request, new IllegalStateException("a deferred answer must be Respond or RespondFile, not " + route));
            }
        }
        ByteBuffer behind = behindDeferred;
        behindDeferred = null;
        if (behind != null && !closeBeforeOpen) {
            receive(behind);
        }
        if (eofWhileDeferred && deferred == null) {
            eofWhileDeferred = false;
            super.receiveEof();
        }
    }

    /**
     * Gives up the deferred answer: the connection is being dropped. A file the answer opens is
     * closed when it arrives, whenever that is; nothing more is read or written.
     */
    public void abandonDeferred() {
        closeBeforeOpen = true;
        behindDeferred = null;
        java.util.concurrent.CompletableFuture<? extends Route> answer = deferred;
        deferred = null;
        deferredRequest = null;
        if (answer != null) {
            answer.thenAccept(route -> {
                if (route instanceof Route.RespondFile file) {
                    closeQuietly(file.body());
                }
            });
        }
    }

    @Override
    public void receiveEof() {
        if (deferred != null) {
            eofWhileDeferred = true; // a half-closed client still gets its answer
            return;
        }
        super.receiveEof();
    }

    @Override
    public boolean isWritable() {
        return deferred == null && super.isWritable();
    }

    private void routerFailed(HttpRequest request, Throwable e) {
        observer.routerFailed(request, e);
        answered++;
        observer.answered(request, 500, reject(500, "the server failed to handle the request"));
    }

    @Override
    boolean timeoutIsRejection() {
        // A kept-alive connection that was answered and then went quiet is no failed handshake.
        return answered == 0;
    }

    private static void closeQuietly(FileRegion file) {
        try {
            file.channel().close();
        } catch (java.io.IOException ignored) {
            // the file was only being read
        }
    }

    private void upgrade(Route.Upgrade upgrade, HttpRequest request, ByteBuffer in) {
        if (upgrade.config().role() != Role.SERVER) {
            throw new IllegalArgumentException("an upgrade route needs a server ProtocolConfig");
        }
        if (bodyToSkip > 0) {
            reject(400, "an upgrade request must not have a body");
            observer.handshakeRejected(request.path(), 400, "an upgrade request must not have a body");
            return;
        }
        switch (upgrade.handshake().accept(request)) {
            case HandshakeResult.Accepted accepted -> {
                queueOutput(outbound(accepted.response().encode()));
                parser = null;
                handler = upgrade.handler();
                startProtocol(new WebSocketProtocol(upgrade.config(), accepted.extensions(), null, observer));
                observer.opened(request.path(), accepted.subprotocol());
                queueEvent(new Opened(accepted.subprotocol(), accepted.extensions()));
                if (in.hasRemaining()) {
                    protocol.receive(in);
                }
            }
            case HandshakeResult.Rejected rejected -> {
                queueOutput(outbound(finished(withConnectionClose(rejected.response())).encode()));
                queueEvent(new HandshakeFailed(rejected.response().status(), rejected.reason()));
                observer.handshakeRejected(request.path(), rejected.response().status(), rejected.reason());
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
        queueOutput(outbound(response.encode()));
    }

    private int reject(int status, String message) {
        HttpResponse response = HttpResponse.of(status,
                HttpHeaders.builder().add("Content-Type", "text/plain; charset=utf-8").add("Connection", "close").build(),
                (message + "\n").getBytes(StandardCharsets.UTF_8));
        queueOutput(outbound(finished(response).encode()));
        closeBeforeOpen = true;
        return response.body().length;
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
