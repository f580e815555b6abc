package dev.weft.conformance.suite;

/** Deterministic payloads of any size for the large cases. */
public final class Payloads {

    private static final byte[] TEXT_PATTERN = "Weft*conformance-0123456789;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Payloads() {
    }

    /**
     * Returns a payload: for text, ASCII repeating a short pattern (so valid UTF-8 at any cut);
     * for binary, the byte values 0 to 255 over and over.
     *
     * @param binary whether the payload is binary
     * @param size   its length
     * @return a new array
     */
    public static byte[] of(boolean binary, int size) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = binary ? (byte) i : TEXT_PATTERN[i % TEXT_PATTERN.length];
        }
        return p;
    }
}
