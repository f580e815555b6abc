package dev.weft.codec.frame;

import static dev.weft.codec.frame.Frames.concat;
import static dev.weft.codec.frame.Frames.fromClient;
import static dev.weft.codec.frame.Frames.fromServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §5.1–§5.5 and §10.4: every frame the decoder must reject, with the close code it must
 * send, each read at every split point. Autobahn case numbers are named where a case mirrors one.
 */
class FrameDecoderTest {

    private static final DecoderConfig SERVER = DecoderConfig.defaults(Role.SERVER);
    private static final DecoderConfig CLIENT = DecoderConfig.defaults(Role.CLIENT);
    private static final byte[] NONE = new byte[0];
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.UTF_8);

    /** Autobahn 4.1.1–4.1.5 and 4.2.1–4.2.5: reserved opcodes. */
    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodeIsAProtocolError(int opcode) {
        assertFailsEverySplit(SERVER, fromClient(true, 0, opcode, HELLO), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(SERVER, fromClient(true, 0, opcode, NONE), CloseCode.PROTOCOL_ERROR);
    }

    /** Autobahn 3.1–3.7: RSV bits with no extension to claim them, on data and control frames. */
    @ParameterizedTest(name = "rsv {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void unclaimedRsvBitsAreAProtocolError(int rsv) {
        assertFailsEverySplit(SERVER, fromClient(true, rsv, 0x1, HELLO), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(SERVER, fromClient(true, rsv, 0x2, HELLO), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(SERVER, fromClient(true, rsv, 0x9, HELLO), CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void rsvBitsThatAnExtensionClaimsPassOnDataFramesOnly() {
        DecoderConfig deflate = SERVER.withExtensionRsvBits(FrameHeader.RSV1);
        assertEquals(List.of("text Hello"), decodeWhole(deflate, fromClient(true, FrameHeader.RSV1, 0x1, HELLO)));
        assertFailsEverySplit(deflate, fromClient(true, FrameHeader.RSV2, 0x1, HELLO), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(deflate, fromClient(true, FrameHeader.RSV1, 0x9, HELLO), CloseCode.PROTOCOL_ERROR);
    }

    /** Autobahn 5.1, 5.2: fragmented control frames. */
    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x8, 0x9, 0xA})
    void fragmentedControlFrameIsAProtocolError(int opcode) {
        assertFailsEverySplit(SERVER, fromClient(false, 0, opcode, NONE), CloseCode.PROTOCOL_ERROR);
    }

    /** Autobahn 2.5: a control frame with more than 125 bytes. */
    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x8, 0x9, 0xA})
    void controlFrameOver125BytesIsAProtocolError(int opcode) {
        byte[] payload = new byte[126];
        payload[0] = 0x03; // a valid close code, so only the length is wrong
        payload[1] = (byte) 0xE8;
        assertFailsEverySplit(SERVER, fromClient(true, 0, opcode, payload), CloseCode.PROTOCOL_ERROR);
        assertEquals("fail 1002", decodeWhole(SERVER, fromClient(true, 0, 0x9, new byte[126])).get(0));
    }

    @Test
    void controlFrameOfExactly125BytesPasses() {
        assertEquals(List.of("ping " + "00".repeat(125)), decodeWhole(SERVER, fromClient(true, 0, 0x9, new byte[125])));
    }

    @Test
    void sixtyFourBitLengthWithTheTopBitSetIsAProtocolError() {
        assertFailsEverySplit(CLIENT, Hex.bytes("827f 8000000000000001"), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(CLIENT, Hex.bytes("827f ffffffffffffffff"), CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void serverRejectsAnUnmaskedFrame() {
        assertFailsEverySplit(SERVER, fromServer(true, 0, 0x1, HELLO), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(SERVER, fromServer(true, 0, 0x9, NONE), CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void clientRejectsAMaskedFrame() {
        assertFailsEverySplit(CLIENT, fromClient(true, 0, 0x1, HELLO), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(CLIENT, fromClient(true, 0, 0xA, NONE), CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void frameOverTheLimitIsTooBig() {
        DecoderConfig small = SERVER.withMaxFramePayloadLength(4);
        assertFailsEverySplit(small, fromClient(true, 0, 0x2, HELLO), CloseCode.MESSAGE_TOO_BIG);
        assertEquals(List.of("binary 48656c6c"), decodeWhole(small, fromClient(true, 0, 0x2, new byte[] {0x48, 0x65, 0x6c, 0x6c})));
    }

    @Test
    void hugeDeclaredLengthFailsFromTheHeaderAlone() {
        // Only the header arrives: 2^63-1 bytes declared. The decoder must refuse before any payload.
        byte[] header = Hex.bytes("827f 7fffffffffffffff");
        List<String> events = decodeWhole(CLIENT, header);
        assertEquals(List.of("fail 1009"), events);
    }

    /** Autobahn 5.9–5.14: a continuation with nothing to continue. */
    @Test
    void continuationWithNoMessageIsAProtocolError() {
        assertFailsEverySplit(SERVER, fromClient(true, 0, 0x0, HELLO), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(SERVER, fromClient(false, 0, 0x0, HELLO), CloseCode.PROTOCOL_ERROR);
    }

    /** Autobahn 5.18: a new message begins inside an unfinished one. */
    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x1, 0x2})
    void newMessageInsideAnUnfinishedOneIsAProtocolError(int opcode) {
        byte[] input = concat(fromClient(false, 0, 0x1, HELLO), fromClient(true, 0, opcode, HELLO));
        assertFailsEverySplit(SERVER, input, CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void messageOverTheLimitIsTooBigEvenWhenEachFrameFits() {
        DecoderConfig small = SERVER.withMaxMessageLength(8);
        byte[] input = concat(fromClient(false, 0, 0x2, HELLO), fromClient(true, 0, 0x0, HELLO));
        assertFailsEverySplit(small, input, CloseCode.MESSAGE_TOO_BIG);
        byte[] fits = concat(fromClient(false, 0, 0x2, HELLO), fromClient(true, 0, 0x0, new byte[3]));
        assertEquals(List.of("binary 48656c6c6f000000"), decodeWhole(small, fits));
    }

    @Test
    void afterAFailureLaterInputIsDiscarded() {
        RecordingListener listener = new RecordingListener();
        FrameDecoder decoder = MessageAssembler.decoder(SERVER, listener);
        ByteBuffer bad = ByteBuffer.wrap(concat(fromClient(true, 0, 0x3, NONE), fromClient(true, 0, 0x1, HELLO)));
        FailConnectionException failure = assertThrows(FailConnectionException.class, () -> decoder.decode(bad));
        assertEquals(CloseCode.PROTOCOL_ERROR, failure.closeCode());
        assertEquals(bad.limit(), bad.position(), "the failing call consumes its input");
        assertTrue(decoder.isFailed());
        ByteBuffer later = ByteBuffer.wrap(fromClient(true, 0, 0x1, HELLO));
        decoder.decode(later);
        assertEquals(List.of(), listener.events);
        assertEquals(later.limit(), later.position());
    }

    @Test
    void everythingAfterACloseFrameIsDiscarded() {
        byte[] input = concat(fromClient(true, 0, 0x8, Hex.bytes("03e8")), fromClient(true, 0, 0x1, HELLO),
                fromClient(true, 0, 0x3, NONE));
        for (List<ByteBuffer> chunks : Splits.all(input)) {
            assertEquals(List.of("close 1000"), RecordingListener.decode(SERVER, chunks));
        }
    }

    @Test
    void pingBetweenFragmentsPassesThrough() {
        byte[] input = concat(fromClient(false, 0, 0x1, "Hel".getBytes(StandardCharsets.UTF_8)),
                fromClient(true, 0, 0x9, Hex.bytes("01")),
                fromClient(true, 0, 0x0, "lo".getBytes(StandardCharsets.UTF_8)));
        for (List<ByteBuffer> chunks : Splits.all(input)) {
            assertEquals(List.of("ping 01", "text Hello"), RecordingListener.decode(SERVER, chunks));
        }
    }

    static void assertFailsEverySplit(DecoderConfig config, byte[] input, int closeCode) {
        for (List<ByteBuffer> chunks : Splits.all(input)) {
            List<String> events = RecordingListener.decode(config, chunks);
            assertEquals("fail " + closeCode, events.isEmpty() ? "no failure" : events.get(events.size() - 1),
                    "events " + events + " for split " + chunks);
        }
    }

    static List<String> decodeWhole(DecoderConfig config, byte[] input) {
        List<ByteBuffer> one = new ArrayList<>();
        one.add(ByteBuffer.wrap(input.clone()));
        return RecordingListener.decode(config, one);
    }
}
