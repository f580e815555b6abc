package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generator's compressed traffic (RFC 7692): the frames it sends are masked text frames with
 * RSV1 whose payload inflates to the message, and its reader takes a server's compressed echoes
 * (context kept or reset, whole or in pieces of any size), compares each whole, counts the ratio,
 * and fails on an echo that differs or breaks §6.1.
 */
class DeflateEchoesTest {

    private static final int SIZE = 1024;
    private static final byte[] TRAILER = {0, 0, (byte) 0xff, (byte) 0xff};

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"CONTEXT_TAKEOVER", "NO_CONTEXT_TAKEOVER"})
    void framesInflateToTheMessagesAndCompressedEchoesAreVerified(Compression compression) throws Exception {
        DeflateTraffic traffic = DeflateTraffic.of(compression, SIZE);
        Inflater server = new Inflater(true);
        try {
            for (int i = 0; i < 5; i++) {
                byte[] frame = traffic.frame(i);
                assertEquals(0x80 | 0x40 | 0x1, frame[0] & 0xFF, "FIN, RSV1, text");
                assertArrayEquals(traffic.message(i), unmaskAndInflate(server, frame));
            }
        } finally {
            server.end();
        }

        Extension weft = serverExtension(compression);
        DeflateEchoes echoes = new DeflateEchoes(traffic, 3);
        echoes.agreed(List.of(serverExtension(compression)));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int count = 40;
        for (int i = 0; i < count; i++) {
            byte[] message = traffic.message(traffic.start(3) + i);
            ByteBuffer compressed = weft.outbound().transformAll(ByteBuffer.wrap(message), true);
            wire.writeBytes(serverFrame(0x80 | 0x40 | 0x1, compressed));
        }
        weft.release();
        byte[] bytes = wire.toByteArray();
        // Fed in pieces of 7 bytes: every field and payload split somewhere.
        int completed = 0;
        for (int at = 0; at < bytes.length; at += 7) {
            completed += echoes.read(ByteBuffer.wrap(bytes, at, Math.min(7, bytes.length - at)).slice());
        }
        assertEquals(count, completed);
        assertEquals(count, echoes.verified());
        assertEquals(bytes.length, echoes.wireBytes());
        assertEquals((long) count * SIZE, echoes.payloadBytes());
        assertTrue(echoes.wireBytes() < echoes.payloadBytes() / 2, "JSON-like text compresses: " + echoes.wireBytes());
        echoes.release();
    }

    @Test
    void anUncompressedEchoIsComparedAsItIs() {
        DeflateTraffic traffic = DeflateTraffic.of(Compression.CONTEXT_TAKEOVER, 16);
        DeflateEchoes echoes = new DeflateEchoes(traffic, 0);
        echoes.agreed(List.of(serverExtension(Compression.CONTEXT_TAKEOVER)));
        assertEquals(1, echoes.read(ByteBuffer.wrap(serverFrame(0x81, ByteBuffer.wrap(traffic.message(traffic.start(0)))))));
        assertEquals(1, echoes.verified());
    }

    @Test
    void anEchoThatDiffersFails() {
        DeflateTraffic traffic = DeflateTraffic.of(Compression.CONTEXT_TAKEOVER, 16);
        DeflateEchoes echoes = new DeflateEchoes(traffic, 0);
        echoes.agreed(List.of(serverExtension(Compression.CONTEXT_TAKEOVER)));
        byte[] wrong = traffic.message(traffic.start(0)).clone();
        wrong[5] ^= 1;
        LoadFailure f = assertThrows(LoadFailure.class, () -> echoes.read(ByteBuffer.wrap(serverFrame(0x81, ByteBuffer.wrap(wrong)))));
        assertTrue(f.getMessage().contains("differs"), f.getMessage());
    }

    @Test
    void rsv1OnAContinuationFails() {
        DeflateTraffic traffic = DeflateTraffic.of(Compression.CONTEXT_TAKEOVER, 16);
        DeflateEchoes echoes = new DeflateEchoes(traffic, 0);
        echoes.agreed(List.of(serverExtension(Compression.CONTEXT_TAKEOVER)));
        byte[] message = traffic.message(traffic.start(0));
        echoes.read(ByteBuffer.wrap(serverFrame(0x01, ByteBuffer.wrap(message, 0, 8))));
        LoadFailure f = assertThrows(LoadFailure.class,
                () -> echoes.read(ByteBuffer.wrap(serverFrame(0x80 | 0x40, ByteBuffer.wrap(message, 8, 8)))));
        assertTrue(f.getMessage().contains("§6.1"), f.getMessage());
    }

    @Test
    void aServerThatKeepsItsContextWhenAskedNotToFails() {
        DeflateEchoes echoes = new DeflateEchoes(DeflateTraffic.of(Compression.NO_CONTEXT_TAKEOVER, 16), 0);
        LoadFailure f = assertThrows(LoadFailure.class, () -> echoes.agreed(List.of(serverExtension(Compression.CONTEXT_TAKEOVER))));
        assertTrue(f.getMessage().contains("server_no_context_takeover"), f.getMessage());
        LoadFailure none = assertThrows(LoadFailure.class, () -> echoes.agreed(List.of()));
        assertTrue(none.getMessage().contains("declined"), none.getMessage());
    }

    /** The extension a Weft server agrees to for the offer the generator makes. */
    private static Extension serverExtension(Compression compression) {
        List<ExtensionOffer> offers = compression.client().offers();
        return new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0)).accept(offers).orElseThrow();
    }

    private static byte[] serverFrame(int firstByte, ByteBuffer payload) {
        int n = payload.remaining();
        ByteBuffer frame = ByteBuffer.allocate(n + 10);
        frame.put((byte) firstByte);
        if (n < 126) {
            frame.put((byte) n);
        } else if (n <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) n);
        } else {
            frame.put((byte) 127).putLong(n);
        }
        frame.put(payload.duplicate());
        byte[] out = new byte[frame.position()];
        frame.flip().get(out);
        return out;
    }

    private static byte[] unmaskAndInflate(Inflater inflater, byte[] frame) throws DataFormatException {
        int length = frame[1] & 0x7F;
        int at = length == 126 ? 4 : length == 127 ? 10 : 2;
        if (length == 126) {
            length = (frame[2] & 0xFF) << 8 | frame[3] & 0xFF;
        }
        byte[] key = {frame[at], frame[at + 1], frame[at + 2], frame[at + 3]};
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (frame[at + 4 + i] ^ key[i & 3]);
        }
        inflater.reset();
        byte[] out = new byte[SIZE * 2];
        inflater.setInput(payload);
        int n = inflater.inflate(out);
        inflater.setInput(TRAILER);
        n += inflater.inflate(out, n, out.length - n);
        return java.util.Arrays.copyOf(out, n);
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
