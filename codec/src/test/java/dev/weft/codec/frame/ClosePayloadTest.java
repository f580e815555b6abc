package dev.weft.codec.frame;

import static dev.weft.codec.frame.Frames.fromClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5.5.1 and §7.4: close frame bodies and close codes, including the IANA registry's
 * 1012–1014. Mirrors Autobahn 7.3.x (body lengths), 7.5.1 (bad reason) and 7.7.x / 7.9.x (codes).
 */
class ClosePayloadTest {

    private static final DecoderConfig SERVER = DecoderConfig.defaults(Role.SERVER);

    static IntStream legalCodes() {
        return IntStream.concat(IntStream.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014),
                IntStream.of(3000, 3999, 4000, 4999));
    }

    static IntStream illegalCodes() {
        return IntStream.of(0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535);
    }

    /** Autobahn 7.7.x: codes a peer may send arrive intact. */
    @ParameterizedTest(name = "code {0}")
    @MethodSource("legalCodes")
    void legalCodeIsAccepted(int code) {
        byte[] body = ByteBuffer.allocate(4).putShort((short) code).put((byte) 'o').put((byte) 'k').array();
        assertEquals(List.of("close " + code + " ok"), FrameDecoderTest.decodeWhole(SERVER, fromClient(true, 0, 0x8, body)));
        assertTrue(CloseCode.isLegalToReceive(code));
        assertTrue(CloseCode.isLegalToSend(code));
    }

    /** Autobahn 7.9.x: codes that may not appear on the wire. */
    @ParameterizedTest(name = "code {0}")
    @MethodSource("illegalCodes")
    void illegalCodeIsAProtocolError(int code) {
        byte[] body = ByteBuffer.allocate(2).putShort((short) code).array();
        FrameDecoderTest.assertFailsEverySplit(SERVER, fromClient(true, 0, 0x8, body), CloseCode.PROTOCOL_ERROR);
        assertFalse(CloseCode.isLegalToReceive(code));
        assertFalse(CloseCode.isLegalToSend(code));
    }

    @Test
    void everyCodeUpTo65535IsJudgedByTheRanges() {
        for (int code = 0; code <= 0xFFFF; code++) {
            boolean expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
            assertEquals(expected, CloseCode.isLegalToReceive(code), "code " + code);
        }
    }

    /** Autobahn 7.3.1: an empty close body reports 1005. */
    @Test
    void emptyBodyMeansNoStatus() {
        assertEquals(List.of("close 1005"), FrameDecoderTest.decodeWhole(SERVER, fromClient(true, 0, 0x8, new byte[0])));
    }

    /** Autobahn 7.3.2: a 1-byte body. */
    @Test
    void oneByteBodyIsAProtocolError() {
        FrameDecoderTest.assertFailsEverySplit(SERVER, fromClient(true, 0, 0x8, new byte[] {0x03}), CloseCode.PROTOCOL_ERROR);
    }

    /** Autobahn 7.5.1: a reason that is not UTF-8. */
    @Test
    void invalidUtf8ReasonIsInvalidPayloadData() {
        byte[] body = Hex.bytes("03e8 cebae1bdb9cf83cebcceb5eda080656469746564");
        FrameDecoderTest.assertFailsEverySplit(SERVER, fromClient(true, 0, 0x8, body), CloseCode.INVALID_FRAME_PAYLOAD_DATA);
    }

    @Test
    void encodeWritesCodeThenReason() {
        assertEquals("03e8627965", Hex.of(ClosePayload.encode(1000, "bye")));
        assertEquals("", Hex.of(ClosePayload.encode(CloseCode.NO_STATUS_RCVD, "")));
        assertEquals(new ClosePayload(4000, "x"), ClosePayload.parse(new ClosePayload(4000, "x").encode()));
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 999, 1004, 1006, 1015, 2000, 5000})
    void encodeRefusesCodesThatMayNotBeSent(int code) {
        assertThrows(IllegalArgumentException.class, () -> ClosePayload.encode(code, ""));
    }

    @Test
    void noStatusMeansAnEmptyBodyWithoutReason() {
        assertEquals(0, ClosePayload.encode(CloseCode.NO_STATUS_RCVD, "").remaining());
        assertThrows(IllegalArgumentException.class, () -> ClosePayload.encode(CloseCode.NO_STATUS_RCVD, "why"));
    }

    @Test
    void longReasonIsCutAtACharacterBoundary() {
        String reason = "é".repeat(100); // 200 bytes of 2-byte characters
        ByteBuffer body = ClosePayload.encode(1000, reason);
        assertTrue(body.remaining() <= FrameHeader.MAX_CONTROL_PAYLOAD_LENGTH);
        ClosePayload parsed = ClosePayload.parse(body);
        assertEquals("é".repeat(61), parsed.reason());
        assertEquals(122, parsed.reason().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void namesFollowTheRegistry() {
        assertEquals("NORMAL_CLOSURE", CloseCode.name(1000));
        assertEquals("MESSAGE_TOO_BIG", CloseCode.name(1009));
        assertEquals("PRIVATE", CloseCode.name(4001));
        assertEquals("UNKNOWN", CloseCode.name(2000));
    }
}
