package dev.weft.codec.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * RFC 6455 §8.1, UTF-8 in text messages, as properties checked against the JDK's strict UTF-8
 * decoder, which rejects the same overlongs, surrogates and out-of-range values that RFC 3629 §3
 * forbids. The inputs lean on the bytes where UTF-8 has its edges.
 */
class Utf8ValidatorProperties {

    /**
     * Every proper prefix (1 to 3 bytes) of the UTF-8 form of every Unicode scalar value, as the
     * JDK encodes it, packed by {@link #pack}. A byte sequence can begin a valid message exactly
     * when it is valid UTF-8 followed by one of these, or by nothing.
     */
    private static final Set<Integer> UNFINISHED_CHARACTERS = unfinishedCharacters();

    // --- agreement with the JDK ------------------------------------------------------------

    @Property
    void agreesWithTheStrictJdkDecoder(@ForAll("edgyBytes") byte[] bytes) {
        Utf8Validator validator = new Utf8Validator();
        int invalid = validator.validate(bytes, 0, bytes.length);

        boolean jdk = jdkAccepts(bytes, bytes.length);
        assertEquals(jdk, invalid < 0 && validator.isAtCharacterBoundary());
        assertEquals(jdk, Utf8Validator.isValid(bytes, 0, bytes.length));
        assertEquals(jdk, Utf8Validator.isValid(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip()));
    }

    @Property
    void agreesWithTheStrictJdkDecoderOnDamagedText(@ForAll("damagedText") byte[] bytes) {
        assertEquals(jdkAccepts(bytes, bytes.length), Utf8Validator.isValid(bytes, 0, bytes.length));
    }

    @Property
    void reportsTheFirstByteNoValidMessageCouldHaveThere(@ForAll("edgyBytes") byte[] bytes) {
        int invalid = new Utf8Validator().validate(bytes, 0, bytes.length);

        if (invalid < 0) {
            assertTrue(isValidSoFar(bytes, bytes.length));
        } else {
            assertTrue(isValidSoFar(bytes, invalid), "everything before the reported byte could go on");
            assertFalse(isValidSoFar(bytes, invalid + 1), "nothing can go on after the reported byte");
            // Fed alone, the prefix before the reported byte does not fail.
            Utf8Validator prefix = new Utf8Validator();
            assertEquals(-1, prefix.validate(bytes, 0, invalid));
            assertFalse(prefix.hasFailed());
        }
    }

    @Property
    void acceptsAnyTextTheJdkEncodes(@ForAll("codePoints") List<Integer> codePoints) {
        byte[] bytes = encode(codePoints);

        Utf8Validator validator = new Utf8Validator();
        assertEquals(-1, validator.validate(bytes, 0, bytes.length));
        assertTrue(validator.isAtCharacterBoundary());
        assertSameVerdictAtEverySplit(bytes);
    }

    // --- splitting -------------------------------------------------------------------------

    @Property
    void judgesTheSameWhenSplitAtAnyIndex(@ForAll("edgyBytes") byte[] bytes) {
        assertSameVerdictAtEverySplit(bytes);
    }

    @Property
    void judgesTheSameWhenSplitTwiceAcrossBufferKinds(@ForAll("edgyBytes") byte[] bytes,
            @ForAll @IntRange(min = 0, max = 1000) int firstSeed, @ForAll @IntRange(min = 0, max = 1000) int secondSeed,
            @ForAll @IntRange(min = 0, max = 3) int firstKind, @ForAll @IntRange(min = 0, max = 3) int secondKind,
            @ForAll @IntRange(min = 0, max = 3) int thirdKind) {
        int a = firstSeed % (bytes.length + 1);
        int b = secondSeed % (bytes.length + 1);
        int[] cuts = {0, Math.min(a, b), Math.max(a, b), bytes.length};
        int[] kinds = {firstKind, secondKind, thirdKind};
        Utf8Validator oneGo = new Utf8Validator();
        int expected = oneGo.validate(bytes, 0, bytes.length);

        Utf8Validator validator = new Utf8Validator();
        int invalid = -1;
        for (int part = 0; part < 3 && invalid < 0; part++) {
            invalid = feed(validator, bytes, cuts[part], cuts[part + 1], kinds[part]);
        }

        assertEquals(expected, invalid);
        assertEquals(oneGo.isAtCharacterBoundary(), validator.isAtCharacterBoundary());
        assertEquals(oneGo.hasFailed(), validator.hasFailed());
    }

    // --- generators ------------------------------------------------------------------------

    /** Byte arrays of 0 to 40 bytes, mostly made of lead, continuation and impossible bytes. */
    @Provide
    Arbitrary<byte[]> edgyBytes() {
        Arbitrary<Integer> oneByte = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0x00, 0x7F)),
                Tuple.of(4, Arbitraries.integers().between(0x80, 0xBF)),
                // Where the first continuation's range narrows: E0, ED, F0 and F4.
                Tuple.of(3, Arbitraries.of(0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF)),
                Tuple.of(5, Arbitraries.of(0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF,
                        0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF)));
        return oneByte.list().ofMaxSize(40).map(Utf8ValidatorProperties::toBytes);
    }

    /** Valid text with one byte changed, inserted or removed. */
    @Provide
    Arbitrary<byte[]> damagedText() {
        Arbitrary<Integer> edgeByte = Arbitraries.of(0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF);
        return Combinators.combine(codePoints(), Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 2), edgeByte)
                .as((codePoints, where, how, value) -> damage(encode(codePoints), where, how, value));
    }

    /** Lists of Unicode scalar values, biased to the first and last of each encoded length. */
    @Provide
    Arbitrary<List<Integer>> codePoints() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(0, 0x7F)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
                Tuple.of(2, Arbitraries.integers().between(0x800, 0xFFFF)
                        .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)),
                Tuple.of(3, Arbitraries.of(0x00, 0x7F, 0x80, 0x7FF, 0x800, 0xFFF, 0x1000, 0xCFFF, 0xD000, 0xD7FF,
                        0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x3FFFF, 0x40000, 0xFFFFF, 0x100000,
                        0x10FFFF)));
        return codePoint.list().ofMaxSize(20);
    }

    // --- helpers ---------------------------------------------------------------------------

    private static void assertSameVerdictAtEverySplit(byte[] bytes) {
        Utf8Validator oneGo = new Utf8Validator();
        int expected = oneGo.validate(bytes, 0, bytes.length);
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Validator validator = new Utf8Validator();
            int invalid = validator.validate(bytes, 0, split);
            if (invalid < 0) {
                invalid = validator.validate(ByteBuffer.wrap(bytes, split, bytes.length - split));
            }
            assertEquals(expected, invalid, "split at " + split);
            assertEquals(oneGo.isAtCharacterBoundary(), validator.isAtCharacterBoundary(), "split at " + split);
        }
    }

    /**
     * Feeds bytes [from, to) through one of four inputs: 0 the array, 1 a heap buffer over it,
     * 2 a direct copy, 3 a read-only view (heap, but without an accessible array). Every one uses
     * the same indices, so the answers can be compared.
     */
    private static int feed(Utf8Validator validator, byte[] bytes, int from, int to, int kind) {
        return switch (kind) {
            case 0 -> validator.validate(bytes, from, to);
            case 1 -> validator.validate(ByteBuffer.wrap(bytes).limit(to).position(from));
            case 2 -> validator.validate(ByteBuffer.allocateDirect(bytes.length).put(bytes).limit(to).position(from));
            default -> validator.validate(ByteBuffer.wrap(bytes).asReadOnlyBuffer().limit(to).position(from));
        };
    }

    /** Returns whether bytes [0, length) are complete, valid UTF-8 to the strict JDK decoder. */
    private static boolean jdkAccepts(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Returns whether bytes [0, length) could begin a valid message: valid, then part of a character. */
    private static boolean isValidSoFar(byte[] bytes, int length) {
        for (int tail = 0; tail <= Math.min(3, length); tail++) {
            boolean tailCanGoOn = tail == 0 || UNFINISHED_CHARACTERS.contains(pack(bytes, length - tail, length));
            if (tailCanGoOn && jdkAccepts(bytes, length - tail)) {
                return true;
            }
        }
        return false;
    }

    private static Set<Integer> unfinishedCharacters() {
        Set<Integer> prefixes = new HashSet<>();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                continue;
            }
            byte[] encoded = Character.toString(c).getBytes(StandardCharsets.UTF_8);
            for (int length = 1; length < encoded.length; length++) {
                prefixes.add(pack(encoded, 0, length));
            }
        }
        return prefixes;
    }

    /** Packs 1 to 3 bytes, and their count, into an int. */
    private static int pack(byte[] bytes, int from, int to) {
        int packed = to - from;
        for (int i = from; i < to; i++) {
            packed = (packed << 8) | (bytes[i] & 0xFF);
        }
        return packed;
    }

    private static byte[] encode(List<Integer> codePoints) {
        StringBuilder text = new StringBuilder();
        codePoints.forEach(text::appendCodePoint);
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] damage(byte[] text, int where, int how, int value) {
        int at = where % (text.length + 1);
        return switch (how) {
            case 0 -> { // change one byte
                if (at == text.length) {
                    yield text;
                }
                byte[] changed = text.clone();
                changed[at] = (byte) value;
                yield changed;
            }
            case 1 -> { // insert one byte
                byte[] longer = new byte[text.length + 1];
                System.arraycopy(text, 0, longer, 0, at);
                longer[at] = (byte) value;
                System.arraycopy(text, at, longer, at + 1, text.length - at);
                yield longer;
            }
            default -> { // remove one byte
                if (at == text.length) {
                    yield text;
                }
                byte[] shorter = new byte[text.length - 1];
                System.arraycopy(text, 0, shorter, 0, at);
                System.arraycopy(text, at + 1, shorter, at, text.length - at - 1);
                yield shorter;
            }
        };
    }

    private static byte[] toBytes(List<Integer> values) {
        byte[] bytes = new byte[values.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (int) values.get(i);
        }
        return bytes;
    }
}
