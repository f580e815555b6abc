package dev.weft.codec.engine;

import dev.weft.codec.engine.ProtocolEvent.HandshakeFailed;
import dev.weft.codec.engine.ProtocolEvent.Opened;
import dev.weft.codec.frame.MaskingKeySource;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.HandshakeException;
import dev.weft.codec.http.HttpException;
import dev.weft.codec.http.HttpResponseHead;
import dev.weft.codec.http.HttpResponseParser;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The client end of one TCP connection: the opening handshake request (§4.1), the validation of
 * the server's answer, then RFC 6455.
 *
 * <p>The request is queued as output from the start. When the server's response head has
 * arrived and passed every check of §4.1, an {@link Opened} event is queued and all later bytes,
 * including any frames that came in the same read as the response, go to a
 * {@link WebSocketProtocol}. A refusal or a bad response queues a {@link HandshakeFailed} event
 * whose message says exactly what was wrong, and the connection closes.
 */
public final class ClientConnection extends Connection {

    private final ClientHandshake handshake;
    private final ProtocolConfig config;
    private final MaskingKeySource keys;
    private final HttpResponseParser parser = new HttpResponseParser();
    private String subprotocol;

    /**
     * Creates a connection that will send {@code handshake}'s request.
     *
     * @param handshake the request to send and the rules to check the answer by
     * @param config    the connection's limits; its role must be {@link Role#CLIENT}
     */
    public ClientConnection(ClientHandshake handshake, ProtocolConfig config) {
        this(handshake, config, null);
    }

    /**
     * Creates a connection with a chosen masking key source (for tests).
     *
     * @param handshake the request to send and the rules to check the answer by
     * @param config    the connection's limits; its role must be {@link Role#CLIENT}
     * @param keys      the masking keys, or {@code null} for the default strong source
     */
    public ClientConnection(ClientHandshake handshake, ProtocolConfig config, MaskingKeySource keys) {
        super("client");
        this.handshake = Objects.requireNonNull(handshake, "handshake");
        this.config = Objects.requireNonNull(config, "config");
        if (config.role() != Role.CLIENT) {
            throw new IllegalArgumentException("a client connection needs a client ProtocolConfig");
        }
        this.keys = keys;
        queueOutput(outbound(handshake.requestBytes()));
    }

    @Override
    public void receive(ByteBuffer in) {
        if (protocol != null) {
            protocol.receive(in);
            return;
        }
        if (closeBeforeOpen) {
            in.position(in.limit());
            return;
        }
        HttpResponseHead head;
        try {
            head = parser.parse(in);
        } catch (HttpException e) {
            fail(0, "malformed handshake response: " + e.getMessage());
            in.position(in.limit());
            return;
        }
        if (head == null) {
            return;
        }
        ClientHandshake.Result result;
        try {
            result = handshake.validate(head);
        } catch (HandshakeException e) {
            fail(e.status(), e.getMessage());
            in.position(in.limit());
            return;
        }
        subprotocol = result.subprotocol();
        startProtocol(new WebSocketProtocol(config, result.extensions(), keys, observer));
        String path = handshake.uri().getRawPath();
        observer.opened(path == null || path.isEmpty() ? "/" : path, result.subprotocol());
        queueEvent(new Opened(result.subprotocol(), result.extensions()));
        if (in.hasRemaining()) {
            protocol.receive(in);
        }
    }

    private void fail(int status, String message) {
        closeBeforeOpen = true;
        queueEvent(new HandshakeFailed(status, message));
        String path = handshake.uri().getRawPath();
        observer.handshakeRejected(path == null || path.isEmpty() ? "/" : path, status, message);
    }

    @Override
    void onEofBeforeOpen() {
        queueEvent(new HandshakeFailed(0, "the server closed the connection during the opening handshake"));
    }

    /**
     * Returns the subprotocol the server chose.
     *
     * @return the subprotocol, or {@code null} if none (or not yet open)
     */
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * Returns the handshake this connection runs.
     *
     * @return the handshake
     */
    public ClientHandshake handshake() {
        return handshake;
    }
}
