package dev.weft.codec.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §5.7: the specification's example frames, byte for byte, read at every split point
 * and written by the encoder.
 */
class Rfc6455ExamplesTest {

    private static final String HELLO = "48656c6c6f";
    private static final int EXAMPLE_KEY = 0x37fa213d;

    private static final DecoderConfig CLIENT = DecoderConfig.defaults(Role.CLIENT);
    private static final DecoderConfig SERVER = DecoderConfig.defaults(Role.SERVER);

    @Test
    void singleFrameUnmaskedText() {
        assertReadEverySplit(CLIENT, "810548656c6c6f", List.of("text Hello"));
        assertEquals("810548656c6c6f", encode(Role.SERVER, Opcode.TEXT, true, HELLO));
    }

    @Test
    void singleFrameMaskedText() {
        assertReadEverySplit(SERVER, "818537fa213d7f9f4d5158", List.of("text Hello"));
        assertEquals("818537fa213d7f9f4d5158", encode(Role.CLIENT, Opcode.TEXT, true, HELLO));
    }

    @Test
    void fragmentedUnmaskedText() {
        assertReadEverySplit(CLIENT, "010348656c" + "80026c6f", List.of("text Hello"));
        FrameEncoder encoder = new FrameEncoder(Role.SERVER);
        assertEquals("010348656c", Hex.of(encoder.encodeFrame(Opcode.TEXT, false, Hex.buffer("48656c"))));
        assertEquals("80026c6f", Hex.of(encoder.encodeFrame(Opcode.CONTINUATION, true, Hex.buffer("6c6f"))));
    }

    @Test
    void unmaskedPingAndMaskedPong() {
        assertReadEverySplit(CLIENT, "890548656c6c6f", List.of("ping " + HELLO));
        assertEquals("890548656c6c6f", encode(Role.SERVER, Opcode.PING, true, HELLO));
        assertReadEverySplit(SERVER, "8a8537fa213d7f9f4d5158", List.of("pong " + HELLO));
        assertEquals("8a8537fa213d7f9f4d5158", encode(Role.CLIENT, Opcode.PONG, true, HELLO));
    }

    @Test
    void binaryWith16BitLength() {
        String payload = "a5".repeat(256);
        assertReadEverySplit(CLIENT, "827e0100" + payload, List.of("binary " + payload));
        assertEquals("827e0100" + payload, encode(Role.SERVER, Opcode.BINARY, true, payload));
    }

    @Test
    void binaryWith64BitLength() {
        String payload = "5a".repeat(65536);
        String frame = "827f0000000000010000" + payload;
        // Every split of 64 KiB is slow and adds nothing over the 256-byte case: cut at the edges.
        byte[] bytes = Hex.bytes(frame);
        for (int cut : new int[] {1, 2, 5, 9, 10, 11, bytes.length - 1}) {
            assertEquals(List.of("binary " + payload), RecordingListener.decode(CLIENT, Splits.at(bytes, cut)));
        }
        assertEquals(frame, encode(Role.SERVER, Opcode.BINARY, true, payload));
    }

    @Test
    void maskedTextDecodesToTheRfcWord() {
        ByteBuffer in = Hex.buffer("818537fa213d7f9f4d5158");
        StringBuilder text = new StringBuilder();
        new FrameReader().read(in, new FrameReader.Handler() {
            @Override
            public void onFrameHeader(boolean fin, int rsv, Opcode opcode, boolean masked, int maskingKey, long payloadLength) {
                assertEquals(new FrameHeader(true, 0, Opcode.TEXT, true, EXAMPLE_KEY, 5),
                        new FrameHeader(fin, rsv, opcode, masked, maskingKey, payloadLength));
            }

            @Override
            public void onPayload(ByteBuffer payload) {
                text.append(StandardCharsets.UTF_8.decode(payload));
            }

            @Override
            public void onFrameEnd() {
                text.append('.');
            }
        });
        assertEquals("Hello.", text.toString());
    }

    private static void assertReadEverySplit(DecoderConfig config, String hex, List<String> expected) {
        for (List<ByteBuffer> chunks : Splits.all(Hex.bytes(hex))) {
            assertEquals(expected, RecordingListener.decode(config, chunks), "split " + chunks);
        }
    }

    private static String encode(Role role, Opcode opcode, boolean fin, String payloadHex) {
        FrameEncoder encoder = new FrameEncoder(role, () -> EXAMPLE_KEY);
        return Hex.of(encoder.encodeFrame(opcode, fin, Hex.buffer(payloadHex)));
    }
}
