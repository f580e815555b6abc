package dev.weft.codec.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6455 §8.1, UTF-8 in text messages, against the well-formed sequences of RFC 3629 §4
 * (Unicode Table 3-7). The cases follow the idea of Markus Kuhn's UTF-8 decoder stress test and
 * of the Autobahn 6.x cases, and every one is also fed split at every index.
 */
class Utf8ValidatorTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** A complete, valid message. */
    private static final int VALID = -1;
    /** Valid so far, but it stops inside a character, so it cannot end a message. */
    private static final int UNFINISHED = -2;

    /** "κόσμε", the Greek word of Kuhn's test and of Autobahn 6.2 to 6.4. */
    private static final String KOSME = "ce ba e1 bd b9 cf 83 ce bc ce b5";
    /** "edited", which Autobahn puts after the invalid bytes. */
    private static final String EDITED = "65 64 69 74 65 64";

    static Stream<Arguments> cases() {
        return Stream.of(
                // Autobahn 6.1: empty text.
                verdict("empty message", "", VALID),
                // Autobahn 6.2 and Kuhn 1: valid multi-byte text.
                verdict("κόσμε", KOSME, VALID),
                verdict("Hello-µ@ßöäüàá-UTF-8!!", "48 65 6c 6c 6f 2d c2 b5 40 c3 9f c3 b6 c3 a4 c3 bc c3 a0 c3 a1"
                        + " 2d 55 54 46 2d 38 21 21", VALID),
                // Kuhn 2.1 and 2.2: the first and the last code point of each length.
                verdict("U+0000", "00", VALID),
                verdict("U+007F", "7f", VALID),
                verdict("U+0080", "c2 80", VALID),
                verdict("U+07FF", "df bf", VALID),
                verdict("U+0800", "e0 a0 80", VALID),
                verdict("U+FFFF", "ef bf bf", VALID),
                verdict("U+10000", "f0 90 80 80", VALID),
                verdict("U+10FFFF", "f4 8f bf bf", VALID),
                // Kuhn 2.3: other boundaries.
                verdict("U+D7FF, just below the surrogates", "ed 9f bf", VALID),
                verdict("U+E000, just above the surrogates", "ee 80 80", VALID),
                verdict("U+FFFD", "ef bf bd", VALID),
                verdict("U+FFFE, a noncharacter but valid UTF-8", "ef bf be", VALID),
                verdict("U+FEFF, a byte order mark, is just a character", "ef bb bf 41", VALID),
                verdict("U+1000, first after E0", "e1 80 80", VALID),
                verdict("U+40000, first after F0", "f1 80 80 80", VALID),
                verdict("U+100000, first of F4", "f4 80 80 80", VALID),
                verdict("ASCII longer than a word", "30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f 40", VALID),

                // Kuhn 3.1: continuation bytes with no lead byte.
                verdict("lone 80", "80", 0),
                verdict("lone bf", "bf", 0),
                verdict("continuation after ASCII", "41 80", 1),
                verdict("one continuation too many", "c2 80 80", 2),
                verdict("three continuations after a two-byte character", "df bf bf bf", 2),
                verdict("continuation after a word of ASCII", "41 41 41 41 41 41 41 41 41 80", 9),
                // Kuhn 3.2: lead bytes followed by a space.
                verdict("c2 then a space", "c2 20", 1),
                verdict("e1 then a space", "e1 20", 1),
                verdict("e1 80 then a space", "e1 80 20", 2),
                verdict("f1 80 80 then a space", "f1 80 80 20", 3),
                verdict("c2 then another lead byte", "c2 c2 80", 1),
                verdict("e0 then a two-byte lead", "e0 c2 80", 1),
                // Kuhn 3.3: sequences with the last byte missing, at the end of the message.
                verdict("c2 at the end", "c2", UNFINISHED),
                verdict("df at the end", "41 df", UNFINISHED),
                verdict("e0 a0 at the end", "e0 a0", UNFINISHED),
                verdict("ef bf at the end", "ef bf", UNFINISHED),
                verdict("f0 90 80 at the end", "f0 90 80", UNFINISHED),
                verdict("f4 8f bf at the end", "f4 8f bf", UNFINISHED),
                verdict("κόσμε cut inside ό", "ce ba e1 bd", UNFINISHED),
                // Kuhn 3.5: bytes that never appear.
                verdict("fe", "fe", 0),
                verdict("ff", "ff", 0),
                verdict("fe fe ff ff", "fe fe ff ff", 0),
                // Kuhn 4.1 and 4.2: overlong forms; the first impossible byte fails.
                verdict("overlong U+0000 in two bytes", "c0 80", 0),
                verdict("overlong '/' in two bytes", "c0 af", 0),
                verdict("overlong U+007F in two bytes", "c1 bf", 0),
                verdict("overlong '/' in three bytes", "e0 80 af", 1),
                verdict("overlong U+07FF in three bytes", "e0 9f bf", 1),
                verdict("overlong '/' in four bytes", "f0 80 80 af", 1),
                verdict("overlong U+FFFF in four bytes", "f0 8f bf bf", 1),
                verdict("overlong '/' in five bytes", "f8 80 80 80 af", 0),
                verdict("overlong '/' in six bytes", "fc 80 80 80 80 af", 0),
                // Kuhn 5.1 and 5.2: UTF-16 surrogates, single and paired.
                verdict("U+D800", "ed a0 80", 1),
                verdict("U+DB7F", "ed ad bf", 1),
                verdict("U+DC00", "ed b0 80", 1),
                verdict("U+DFFF", "ed bf bf", 1),
                verdict("U+D800 U+DC00, a pair", "ed a0 80 ed b0 80", 1),
                // Above U+10FFFF.
                verdict("U+110000", "f4 90 80 80", 1),
                verdict("U+13FFFF", "f4 bf bf bf", 1),
                verdict("f5, start of U+140000", "f5 80 80 80", 0),
                verdict("f7, start of U+1FFFFF", "f7 bf bf bf", 0),

                // Autobahn 6.3.1: a surrogate inside text fails at the a0, not at the end.
                verdict("Autobahn 6.3.1: κόσμε, U+D800, edited", KOSME + " ed a0 80 " + EDITED, 12),
                // Autobahn 6.4.1 and 6.4.2: the text goes on after a code point above U+10FFFF
                // (they differ in where the frames split, which the split test covers).
                verdict("Autobahn 6.4.1 and 6.4.2: κόσμε, f4 90 80 80, edited", KOSME + " f4 90 80 80 " + EDITED, 12),
                verdict("κόσμε, f4 90 80 80 at the end", KOSME + " f4 90 80 80", 12),
                // Autobahn 6.6: prefixes of κόσμε, some of them cut inside a character.
                verdict("Autobahn 6.6-like: ce", "ce", UNFINISHED),
                verdict("Autobahn 6.6-like: ce ba e1", "ce ba e1", UNFINISHED),
                verdict("Autobahn 6.6-like: ce ba e1 bd b9", "ce ba e1 bd b9", VALID),
                // Autobahn 6.5: the valid texts of Kuhn's test, here four-byte characters.
                verdict("Autobahn 6.5-like: U+1F600 U+10348", "f0 9f 98 80 f0 90 8d 88", VALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesTheWholeInput(String name, byte[] bytes, int expected) {
        Utf8Validator validator = new Utf8Validator();

        int invalid = validator.validate(bytes, 0, bytes.length);

        assertVerdict(expected, invalid, validator);
        assertEquals(expected == VALID, Utf8Validator.isValid(bytes, 0, bytes.length));
        assertEquals(expected == VALID, Utf8Validator.isValid(ByteBuffer.wrap(bytes)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesTheSameWhenSplitAtAnyIndex(String name, byte[] bytes, int expected) {
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Validator validator = new Utf8Validator();

            int invalid = validator.validate(bytes, 0, split);
            if (invalid < 0) {
                invalid = validator.validate(bytes, split, bytes.length);
            }

            assertVerdict(expected, invalid, validator);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesTheSameFedOneByteAtATimeInDirectBuffers(String name, byte[] bytes, int expected) {
        // As Autobahn 6.4.3 and 6.4.4 do, a frame per byte.
        Utf8Validator validator = new Utf8Validator();
        int invalid = -1;
        for (int i = 0; i < bytes.length && invalid < 0; i++) {
            ByteBuffer one = ByteBuffer.allocateDirect(1).put(bytes[i]).flip();
            if (validator.validate(one) >= 0) {
                invalid = i;
            }
        }

        assertVerdict(expected, invalid, validator);
    }

    @Test
    void failsAtTheFirstByteThatCannotFollow() {
        // The fail-fast index of the task: κόσμε, ed a0 80, edited fails at the a0.
        byte[] bytes = HEX.parseHex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64");

        assertEquals(12, new Utf8Validator().validate(bytes, 0, bytes.length));
        assertEquals((byte) 0xa0, bytes[12]);
    }

    @Test
    void failsInTheCallThatBringsTheBadByte() {
        Utf8Validator validator = new Utf8Validator();

        assertEquals(-1, validator.validate(HEX.parseHex("41 e0"), 0, 2));
        assertFalse(validator.isAtCharacterBoundary());
        assertFalse(validator.hasFailed());

        assertEquals(0, validator.validate(HEX.parseHex("80 80"), 0, 2));
        assertTrue(validator.hasFailed());
        assertFalse(validator.isAtCharacterBoundary());
    }

    @Test
    void carriesACharacterAcrossThreeCalls() {
        Utf8Validator validator = new Utf8Validator();
        byte[] bytes = HEX.parseHex("f0 9f 98 80");

        assertEquals(-1, validator.validate(bytes, 0, 1));
        assertEquals(-1, validator.validate(bytes, 1, 3));
        assertFalse(validator.isAtCharacterBoundary());
        assertEquals(-1, validator.validate(bytes, 3, 4));
        assertTrue(validator.isAtCharacterBoundary());
    }

    @Test
    void staysFailedUntilReset() {
        Utf8Validator validator = new Utf8Validator();
        assertEquals(1, validator.validate(HEX.parseHex("41 ff"), 0, 2));

        // Good bytes do not help; the answer is the first index of the call.
        assertEquals(3, validator.validate(HEX.parseHex("41 41 41 41 41"), 3, 5));
        ByteBuffer buffer = ByteBuffer.wrap(HEX.parseHex("41 41 41")).position(2);
        assertEquals(2, validator.validate(buffer));
        assertTrue(validator.hasFailed());
        assertFalse(validator.isAtCharacterBoundary());

        validator.reset();

        assertFalse(validator.hasFailed());
        assertTrue(validator.isAtCharacterBoundary());
        assertEquals(-1, validator.validate(HEX.parseHex("41 41"), 0, 2));
    }

    @Test
    void resetForgetsAnUnfinishedCharacter() {
        Utf8Validator validator = new Utf8Validator();
        validator.validate(HEX.parseHex("e0"), 0, 1);

        validator.reset();

        // Without the reset, this 80 would fail after the e0.
        assertEquals(-1, validator.validate(HEX.parseHex("41"), 0, 1));
        assertEquals(0, validator.validate(HEX.parseHex("80"), 0, 1));
    }

    @Test
    void reportsAbsoluteIndicesInABufferWithoutMovingIt() {
        ByteBuffer buffer = ByteBuffer.wrap(HEX.parseHex("ff ff 41 c2 41 ff"));
        buffer.position(2).limit(5);

        assertEquals(4, new Utf8Validator().validate(buffer));
        assertEquals(2, buffer.position());
        assertEquals(5, buffer.limit());
    }

    @Test
    void reportsIndicesRelativeToASliceOfAHeapBuffer() {
        ByteBuffer slice = ByteBuffer.wrap(HEX.parseHex("ff ff ff 41 41 c0 41")).slice(3, 4);

        assertEquals(2, new Utf8Validator().validate(slice));
    }

    @Test
    void readsDirectAndReadOnlyBuffers() {
        byte[] bytes = HEX.parseHex("41 41 41 41 41 41 41 41 41 41 e0 9f 80");
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().position(1);
        ByteBuffer readOnly = ByteBuffer.wrap(bytes).position(1).asReadOnlyBuffer();

        assertEquals(11, new Utf8Validator().validate(direct));
        assertEquals(11, new Utf8Validator().validate(readOnly));
        assertEquals(1, direct.position());
        assertEquals(1, readOnly.position());
        assertFalse(Utf8Validator.isValid(direct));
        assertTrue(Utf8Validator.isValid(direct.limit(10)));
    }

    @Test
    void isValidLooksOnlyAtTheRange() {
        byte[] bytes = HEX.parseHex("ff 41 c2 80 ff");

        assertTrue(Utf8Validator.isValid(bytes, 1, 4));
        assertFalse(Utf8Validator.isValid(bytes, 1, 3), "stops inside a character");
        assertFalse(Utf8Validator.isValid(bytes, 0, 4));
    }

    @Test
    void refusesRangesOutsideTheArray() {
        byte[] bytes = new byte[4];
        Utf8Validator validator = new Utf8Validator();

        assertThrows(IndexOutOfBoundsException.class, () -> validator.validate(bytes, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> validator.validate(bytes, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> validator.validate(bytes, 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Utf8Validator.isValid(bytes, 0, 5));
    }

    private static void assertVerdict(int expected, int invalid, Utf8Validator validator) {
        switch (expected) {
            case VALID -> {
                assertEquals(-1, invalid, "no byte is invalid");
                assertTrue(validator.isAtCharacterBoundary(), "the message may end here");
                assertFalse(validator.hasFailed());
            }
            case UNFINISHED -> {
                assertEquals(-1, invalid, "no byte is invalid");
                assertFalse(validator.isAtCharacterBoundary(), "the message stops inside a character");
                assertFalse(validator.hasFailed());
            }
            default -> {
                assertEquals(expected, invalid, "index of the first invalid byte");
                assertTrue(validator.hasFailed());
                assertFalse(validator.isAtCharacterBoundary());
            }
        }
    }

    private static Arguments verdict(String name, String hex, int expected) {
        return Arguments.of(name, HEX.parseHex(hex), expected);
    }
}
