package dev.weft.codec.frame;

import static dev.weft.codec.fuzz.FuzzInput.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.codec.fuzz.FuzzInput;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link Utf8Validator} (RFC 6455 §8.1, RFC 3629 §4) against the JDK's strict UTF-8
 * decoder, and against itself across reads.
 *
 * <p>Input: {@link FuzzInput}; the wire bytes are the text. Invariants: the validator and the
 * JDK agree on whether the bytes are a whole, valid text; the first invalid byte is the same
 * whether the text comes whole, cut into reads, in heap or direct buffers; every byte before it
 * is a prefix the validator accepts, and the byte itself is refused. Corpus:
 * {@code Utf8ValidatorFuzzTestInputs/validate}; {@code ./weft fuzz utf8} fuzzes it.
 */
class Utf8ValidatorFuzzTest {

    @FuzzTest
    void validate(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        byte[] text = input.wire();
        boolean jdkValid = jdkAccepts(text);

        Utf8Validator whole = new Utf8Validator();
        int invalid = whole.validate(text, 0, text.length);
        boolean valid = invalid < 0 && whole.isAtCharacterBoundary();
        check(valid == jdkValid, "validator says " + valid + ", the JDK " + jdkValid + " for " + FuzzInput.hex(ByteBuffer.wrap(text)));
        check(Utf8Validator.isValid(text, 0, text.length) == valid, "isValid(array) disagrees with validate");
        ByteBuffer direct = ByteBuffer.allocateDirect(text.length).put(text).flip();
        check(Utf8Validator.isValid(direct) == valid, "isValid(direct buffer) disagrees with validate");
        check(direct.position() == 0 && direct.limit() == text.length, "isValid moved the buffer");
        check(whole.hasFailed() == (invalid >= 0), "hasFailed disagrees with the index returned");

        // Cut into reads, alternately heap and direct: the same first invalid byte.
        Utf8Validator pieces = new Utf8Validator();
        int at = 0;
        int firstInvalid = -1;
        for (ByteBuffer read : input.reads()) {
            int position = read.position();
            int bad = pieces.validate(read);
            check(read.position() == position, "validate moved the buffer's position");
            if (bad >= 0 && firstInvalid < 0) {
                firstInvalid = at + bad - position;
            }
            at += read.remaining();
        }
        check(firstInvalid == invalid, "cut into reads the first invalid byte is " + firstInvalid + ", whole " + invalid);
        check(pieces.isAtCharacterBoundary() == whole.isAtCharacterBoundary(), "cut into reads ends elsewhere");

        if (invalid >= 0) {
            // Fail-fast: everything before the reported byte could still start a valid text.
            Utf8Validator prefix = new Utf8Validator();
            check(prefix.validate(text, 0, invalid) < 0, "the bytes before the invalid one are refused too");
            check(prefix.validate(text, invalid, invalid + 1) == invalid, "the reported byte is accepted after its prefix");
        }

        whole.reset();
        check(!whole.hasFailed() && whole.isAtCharacterBoundary(), "reset left state behind");
    }

    private static boolean jdkAccepts(byte[] text) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(text));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
