package dev.weft.codec.frame;

import static dev.weft.codec.frame.Frames.concat;
import static dev.weft.codec.frame.Frames.fromClient;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §5.4 (fragmentation), §5.6 (data frames) and §8.1 (UTF-8 in text): assembled and
 * streaming modes, fail-fast validation across fragments and splits.
 */
class MessageAssemblerTest {

    private static final DecoderConfig SERVER = DecoderConfig.defaults(Role.SERVER);
    private static final DecoderConfig STREAMING = SERVER.withStreaming(true);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Autobahn 5.6–5.8: a fragmented text message with pings and pongs between its fragments. */
    @Test
    void fragmentsWithControlFramesBetweenAssembleIntoOneMessage() {
        byte[] input = concat(fromClient(false, 0, 0x1, utf8("fra")), fromClient(true, 0, 0x9, utf8("p")),
                fromClient(false, 0, 0x0, utf8("gm")), fromClient(true, 0, 0xA, new byte[0]),
                fromClient(true, 0, 0x0, utf8("ent")));
        for (List<ByteBuffer> chunks : Splits.all(input)) {
            assertEquals(List.of("ping 70", "pong ", "text fragment"), RecordingListener.decode(SERVER, chunks));
        }
    }

    /** Autobahn 6.1.1–6.1.3: empty text messages, whole and fragmented. */
    @Test
    void emptyMessagesArriveEmpty() {
        byte[] input = concat(fromClient(true, 0, 0x1, new byte[0]),
                fromClient(false, 0, 0x1, new byte[0]), fromClient(false, 0, 0x0, new byte[0]), fromClient(true, 0, 0x0, new byte[0]),
                fromClient(false, 0, 0x2, utf8("a")), fromClient(true, 0, 0x0, new byte[0]));
        for (List<ByteBuffer> chunks : Splits.all(input)) {
            assertEquals(List.of("text ", "text ", "binary 61"), RecordingListener.decode(SERVER, chunks));
        }
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsValid() {
        byte[] euro = utf8("€"); // e2 82 ac
        byte[] input = concat(fromClient(false, 0, 0x1, new byte[] {euro[0]}),
                fromClient(false, 0, 0x0, new byte[] {euro[1]}), fromClient(true, 0, 0x0, new byte[] {euro[2]}));
        for (List<ByteBuffer> chunks : Splits.all(input)) {
            assertEquals(List.of("text €"), RecordingListener.decode(SERVER, chunks));
        }
    }

    /** Autobahn 6.4.1: the failure comes with the first invalid fragment, before the message ends. */
    @Test
    void invalidUtf8FailsFastBeforeTheMessageEnds() {
        // "κόσμε" then ED A0 80 (a surrogate): the bad fragment arrives, the final one never does.
        byte[] first = fromClient(false, 0, 0x1, Hex.bytes("cebae1bdb9cf83cebcceb5"));
        byte[] bad = fromClient(false, 0, 0x0, Hex.bytes("eda080"));
        RecordingListener listener = new RecordingListener();
        FrameDecoder decoder = MessageAssembler.decoder(STREAMING, listener);
        decoder.decode(ByteBuffer.wrap(first));
        try {
            // Only the header and the first bad byte's successor arrive: a0 is invalid after ed.
            decoder.decode(ByteBuffer.wrap(java.util.Arrays.copyOf(bad, bad.length - 1)));
            listener.events.add("no failure");
        } catch (FailConnectionException e) {
            listener.events.add("fail " + e.closeCode());
        }
        assertEquals(List.of("text-part cebae1bdb9cf83cebcceb5", "fail 1007"), listener.events);
    }

    @Test
    void invalidUtf8AtEverySplitIs1007() {
        byte[] input = concat(fromClient(false, 0, 0x1, Hex.bytes("cebae1bdb9cf83cebcceb5")),
                fromClient(true, 0, 0x0, Hex.bytes("eda080656469746564")));
        FrameDecoderTest.assertFailsEverySplit(SERVER, input, CloseCode.INVALID_FRAME_PAYLOAD_DATA);
    }

    @Test
    void textEndingInsideACharacterIs1007() {
        FrameDecoderTest.assertFailsEverySplit(SERVER, fromClient(true, 0, 0x1, Hex.bytes("48e282")), CloseCode.INVALID_FRAME_PAYLOAD_DATA);
        byte[] input = concat(fromClient(false, 0, 0x1, Hex.bytes("48e282")), fromClient(true, 0, 0x0, new byte[0]));
        FrameDecoderTest.assertFailsEverySplit(SERVER, input, CloseCode.INVALID_FRAME_PAYLOAD_DATA);
    }

    @Test
    void binaryIsNotCheckedForUtf8() {
        assertEquals(List.of("binary eda080"), FrameDecoderTest.decodeWhole(SERVER, fromClient(true, 0, 0x2, Hex.bytes("eda080"))));
    }

    @Test
    void streamingHandsPartsOnAsTheyArrive() {
        byte[] input = concat(fromClient(false, 0, 0x2, Hex.bytes("0102")), fromClient(true, 0, 0x9, new byte[0]),
                fromClient(true, 0, 0x0, Hex.bytes("03")));
        List<String> events = RecordingListener.decode(STREAMING, List.of(ByteBuffer.wrap(input.clone())));
        assertEquals(List.of("binary-part 0102", "ping ", "binary-part 03 last"), events);

        // Cut inside the first payload: the part arrives in two pieces, nothing is held back.
        List<String> split = RecordingListener.decode(STREAMING, Splits.at(input, 7));
        assertEquals(List.of("binary-part 01", "binary-part 02", "ping ", "binary-part 03 last"), split);
    }

    @Test
    void streamingEndsAMessageWithAnEmptyFinalFrame() {
        byte[] input = concat(fromClient(false, 0, 0x1, utf8("hi")), fromClient(true, 0, 0x0, new byte[0]));
        assertEquals(List.of("text-part 6869", "text-part  last"), RecordingListener.decode(STREAMING, List.of(ByteBuffer.wrap(input))));
    }

    @Test
    void streamingAndAssembledAgreeAtEverySplit() {
        byte[] input = concat(fromClient(false, 0, 0x1, utf8("grüß ")), fromClient(false, 0, 0x0, utf8("𝄞 ")),
                fromClient(true, 0, 0x0, utf8("end")));
        for (List<ByteBuffer> chunks : Splits.all(input)) {
            List<String> parts = RecordingListener.decode(STREAMING, copies(chunks));
            StringBuilder hex = new StringBuilder();
            for (String part : parts) {
                hex.append(part.substring("text-part ".length()).replace(" last", ""));
            }
            assertEquals("grüß 𝄞 end", RecordingListener.utf8(hex.toString()));
            assertEquals(true, parts.get(parts.size() - 1).endsWith(" last"));
            assertEquals(List.of("text grüß 𝄞 end"), RecordingListener.decode(SERVER, chunks));
        }
    }

    @Test
    void largeMessageAssemblesFromManyFrames() {
        byte[] piece = new byte[1000];
        java.util.Arrays.fill(piece, (byte) 'x');
        byte[][] frames = new byte[101][];
        frames[0] = fromClient(false, 0, 0x1, piece);
        for (int i = 1; i < 100; i++) {
            frames[i] = fromClient(false, 0, 0x0, piece);
        }
        frames[100] = fromClient(true, 0, 0x0, new byte[0]);
        List<String> events = FrameDecoderTest.decodeWhole(SERVER, concat(frames));
        assertEquals(List.of("text " + "x".repeat(100_000)), events);
    }

    private static List<ByteBuffer> copies(List<ByteBuffer> chunks) {
        return chunks.stream().map(c -> ByteBuffer.wrap(Hex.bytes(Hex.of(c)))).toList();
    }
}
