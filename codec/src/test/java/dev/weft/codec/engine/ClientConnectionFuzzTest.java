package dev.weft.codec.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.fuzz.FuzzInput;
import dev.weft.codec.handshake.AcceptKey;
import dev.weft.codec.handshake.ClientHandshake;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fuzzes the client engine, {@link ClientConnection} and the {@link WebSocketProtocol} behind it,
 * with bytes from a server: after a valid 101 answer (RFC 6455 §4.1), or, with option bit 2,
 * from the first byte of the answer on.
 *
 * <p>Input: {@link FuzzInput}. Options: bit 0 streaming mode; bit 1 small limits (64-byte
 * frames, 160-byte messages); bit 2 no 101 in front (the wire bytes are all the server sent);
 * bit 3 the application closes after the first message; bit 4 time passes between reads,
 * with 1 s keepalive pings, pong timeout and close timeout. The application echoes; the invariants
 * are {@link EngineFuzzRun}'s, with every frame the client writes masked. Corpus:
 * {@code ClientConnectionFuzzTestInputs/receive}; {@code ./weft fuzz client} fuzzes it.
 */
class ClientConnectionFuzzTest {

    @FuzzTest
    void receive(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        DecoderConfig decoder = DecoderConfig.defaults(Role.CLIENT).withStreaming(input.option(0));
        if (input.option(1)) {
            decoder = decoder.withMaxFramePayloadLength(64).withMaxMessageLength(160);
        }
        ProtocolConfig config = ProtocolConfig.defaults(Role.CLIENT).withDecoder(decoder);
        if (input.option(4)) {
            // Time passes between reads: keepalive and close timing short enough to fire.
            config = config.withKeepalive(new Keepalive(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        }
        // The same key every run, so that a finding replays: the fuzzer's bytes decide, not chance.
        ClientHandshake handshake = ClientHandshake.builder(URI.create("ws://localhost/ws")).random(new Random(6455)).build();
        int[] key = {0x37fa213d};
        ClientConnection connection = new ClientConnection(handshake, config, () -> key[0] += 0x9E3779B9);
        List<ByteBuffer> reads = new ArrayList<>();
        if (!input.option(2)) {
            reads.add(ByteBuffer.wrap(answer(handshake)));
        }
        reads.addAll(input.reads());
        new EngineFuzzRun(connection, Role.CLIENT, input.option(3)).run(reads, input.option(4));
    }

    /** The 101 a server sends for {@code handshake}. */
    static byte[] answer(ClientHandshake handshake) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + AcceptKey.of(handshake.key()) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
