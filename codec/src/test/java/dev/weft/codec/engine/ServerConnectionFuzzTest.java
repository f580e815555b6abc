package dev.weft.codec.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.fuzz.FuzzInput;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the server engine, {@link ServerConnection} and the {@link WebSocketProtocol} behind it,
 * with bytes from a client: after a valid opening handshake (RFC 6455 §4.2), or, with option bit
 * 2, from the first byte of HTTP on.
 *
 * <p>Input: {@link FuzzInput}. Options: bit 0 streaming mode; bit 1 small limits (64-byte
 * frames, 160-byte messages); bit 2 no handshake in front (the wire bytes are all the client
 * sent); bit 3 the application closes after the first message; bit 4 time passes between reads,
 * with 1 s keepalive pings, pong timeout and close timeout. The application echoes; the
 * invariants are {@link EngineFuzzRun}'s. Corpus: {@code ServerConnectionFuzzTestInputs/receive};
 * {@code ./weft fuzz server} fuzzes it.
 */
class ServerConnectionFuzzTest {

    /** The handshake in front of the fuzzed bytes: a browser's, trimmed. */
    static final byte[] HANDSHAKE = ("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: chat\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    @FuzzTest
    void receive(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        DecoderConfig decoder = DecoderConfig.defaults(Role.SERVER).withStreaming(input.option(0));
        if (input.option(1)) {
            decoder = decoder.withMaxFramePayloadLength(64).withMaxMessageLength(160);
        }
        // With time passing between reads (bit 4), keepalive and close timing short enough to fire.
        ProtocolConfig config = ProtocolConfig.defaults(Role.SERVER).withDecoder(decoder).withKeepalive(input.option(4)
                ? new Keepalive(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)) : Keepalive.defaults());
        ServerHandshake rules = new ServerHandshake(List.of("chat"), OriginPolicy.any(), List.of());
        ServerConnection connection = new ServerConnection(request -> request.path().equals("/ws")
                ? new Route.Upgrade(rules, new WebSocketHandler() { }, config)
                : new Route.Respond(HttpResponse.text(404, "text/plain", "not found")));
        List<ByteBuffer> reads = new ArrayList<>();
        if (!input.option(2)) {
            reads.add(ByteBuffer.wrap(HANDSHAKE.clone()));
        }
        reads.addAll(input.reads());
        new EngineFuzzRun(connection, Role.SERVER, input.option(3)).run(reads, input.option(4));
    }
}
