package dev.weft.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Payloads for the framing benchmarks, the same on every run: fixed seeds, exact sizes. */
final class Payloads {

    private Payloads() {
    }

    /**
     * Returns {@code size} random bytes.
     *
     * @param size the length in bytes
     * @return the bytes
     */
    static byte[] binary(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /**
     * Returns exactly {@code size} bytes of valid UTF-8 text of one kind, made of words with
     * spaces between them. Each kind is mostly characters of one encoded length, which is what
     * decides a validator's speed:
     * <ul>
     *   <li>{@code ascii}: Latin letters, one byte each;</li>
     *   <li>{@code 2-byte}: Cyrillic and Greek letters, two bytes each (U+0391–U+03C9, U+0410–U+044F);</li>
     *   <li>{@code 4-byte}: emoji, four bytes each (U+1F600–U+1F64F).</li>
     * </ul>
     * Where the next character would not fit, the text is padded with spaces to the exact size.
     *
     * @param kind {@code ascii}, {@code 2-byte} or {@code 4-byte}
     * @param size the length in bytes
     * @return the UTF-8 bytes
     * @throws IllegalArgumentException for an unknown kind
     */
    static byte[] text(String kind, int size) {
        Random random = new Random(42);
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        int wordLeft = 0;
        while (true) {
            int codePoint;
            if (wordLeft == 0) {
                codePoint = ' ';
                wordLeft = 3 + random.nextInt(6);
            } else {
                codePoint = letter(kind, random);
                wordLeft--;
            }
            int length = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + length > size) {
                break;
            }
            text.appendCodePoint(codePoint);
            bytes += length;
        }
        byte[] utf8 = Arrays.copyOf(text.toString().getBytes(StandardCharsets.UTF_8), size);
        Arrays.fill(utf8, bytes, size, (byte) ' ');
        return utf8;
    }

    private static int letter(String kind, Random random) {
        return switch (kind) {
            case "ascii" -> 'a' + random.nextInt(26);
            case "2-byte" -> random.nextBoolean() ? 0x0410 + random.nextInt(0x40) : 0x0391 + random.nextInt(0x39);
            case "4-byte" -> 0x1F600 + random.nextInt(0x50);
            default -> throw new IllegalArgumentException("unknown text kind: " + kind);
        };
    }
}
