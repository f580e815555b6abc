package dev.weft.benchmarks;

import dev.weft.codec.frame.Role;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.FailConnectionException;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TextDecodeBenchmark}'s text is what its name says, every subject reads it whole, and
 * the two frame decoders really validate: invalid UTF-8 fails both.
 */
class TextDecodeBenchmarkTest {

    @ParameterizedTest
    @CsvSource({"ascii, 1, 1", "2-byte, 2, 0.8", "4-byte, 4, 0.8"})
    void textIsMostlyOfItsKind(String kind, int bytesPerCharacter, double share) {
        for (int size : new int[] {125, 1024, 65536}) {
            byte[] utf8 = Payloads.text(kind, size);
            assertEquals(size, utf8.length);
            String text = new String(utf8, StandardCharsets.UTF_8);
            assertArrayEquals(utf8, text.getBytes(StandardCharsets.UTF_8), "valid UTF-8");
            long inKind = text.codePoints().filter(c -> Character.toString(c).getBytes(StandardCharsets.UTF_8).length == bytesPerCharacter)
                    .mapToLong(c -> bytesPerCharacter).sum();
            assertTrue(inKind >= share * size, kind + " " + size + ": only " + inKind + " bytes in characters of " + bytesPerCharacter);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "ascii, 125", "ascii, 1024", "ascii, 65536",
        "2-byte, 125", "2-byte, 1024", "2-byte, 65536",
        "4-byte, 125", "4-byte, 1024", "4-byte, 65536",
    })
    void everySubjectReadsTheWholeText(String kind, int size) throws Exception {
        TextDecodeBenchmark bench = new TextDecodeBenchmark();
        bench.text = kind;
        bench.size = size;
        RecordingSink sink = new RecordingSink();
        bench.setUp(sink);
        try {
            byte[] utf8 = Payloads.text(kind, size);
            String whole = new String(utf8, StandardCharsets.UTF_8);
            for (int round = 0; round < 2; round++) {
                bench.weft();
                assertTexts(whole, sink.chars, "weft, round " + round);
                bench.netty();
                assertTexts(whole, sink.chars, "netty, round " + round);
                bench.weftStreaming();
                assertPayloads(utf8, sink.bytes, "weftStreaming, round " + round);
                sink.bytes.clear();
                bench.nettyFrames();
                assertPayloads(utf8, sink.bytes, "nettyFrames, round " + round);
                sink.bytes.clear();
            }
            bench.jdk();
            assertEquals(FrameBatch.FRAMES, sink.chars.size());
            for (String s : sink.chars) {
                assertEquals(new String(utf8, StandardCharsets.UTF_8), s, "jdk");
            }
            assertTrue(bench.weftValidator(), "weftValidator");
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void everyDecoderRejectsInvalidUtf8() {
        // "Hello" with an overlong slash (C0 AF) in the middle: §8.1 says fail the connection.
        byte[] payload = {'H', 'e', (byte) 0xC0, (byte) 0xAF, 'l', 'o'};

        RecordingSink sink = new RecordingSink();
        FailConnectionException weft = assertThrows(FailConnectionException.class,
                () -> DecodeRig.weftDecoder(Role.SERVER, sink).decode(ByteBuffer.wrap(WireFrames.frame(WireFrames.TEXT, payload, true))));
        assertEquals(CloseCode.INVALID_FRAME_PAYLOAD_DATA, weft.closeCode());

        DecodeRig rig = new DecodeRig(new FrameBatch(WireFrames.TEXT, payload, true), Role.SERVER, true, true, sink);
        try {
            IllegalStateException engine = assertThrows(IllegalStateException.class, rig::weft);
            assertTrue(engine.getMessage().contains("closeCode=" + CloseCode.INVALID_FRAME_PAYLOAD_DATA), engine.getMessage());
            assertThrows(FailConnectionException.class, rig::weftStreaming);
            assertThrows(CorruptedFrameException.class, rig::netty);
        } finally {
            rig.close();
        }
        assertEquals(List.of(), sink.bytes, "nothing invalid reaches the application");
        assertEquals(List.of(), sink.chars, "nothing invalid reaches the application");
    }

    private static void assertTexts(String text, List<String> delivered, String who) {
        assertEquals(FrameBatch.FRAMES, delivered.size(), who + ": one message per frame");
        for (String t : delivered) {
            assertEquals(text, t, who);
        }
        delivered.clear();
    }

    private static void assertPayloads(byte[] payload, List<byte[]> delivered, String who) {
        assertEquals(FrameBatch.FRAMES, delivered.size(), who + ": one payload per frame");
        for (byte[] p : delivered) {
            assertArrayEquals(payload, p, who);
        }
    }
}
