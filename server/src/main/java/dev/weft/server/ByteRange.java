package dev.weft.server;

/**
 * One byte range of a {@code Range: bytes=} request (RFC 9110 §14.1.2), resolved against the
 * file's size.
 *
 * @param first the first byte sent
 * @param last  the last byte sent, inclusive
 */
record ByteRange(long first, long last) {

    /** The answer for a range that starts past the end of the file: 416. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    long length() {
        return last - first + 1;
    }

    /**
     * Reads a {@code Range} header.
     *
     * @param header the header's value, or {@code null}
     * @param size   the file's size
     * @return the range; {@link #UNSATISFIABLE}; or {@code null} to send the whole file, which is
     *         the answer to no header, to a unit other than bytes, to a malformed header and to
     *         several ranges (a server may ignore Range, §14.2, and multipart answers are not
     *         worth their weight here)
     */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String spec = header.trim();
        if (!spec.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        spec = spec.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0 || spec.indexOf(',') >= 0) {
            return null;
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        if (from.isEmpty()) {
            // bytes=-N: the last N bytes.
            long suffix = number(to);
            if (suffix < 0) {
                return null;
            }
            if (suffix == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long first = number(from);
        long last = to.isEmpty() ? Long.MAX_VALUE : number(to);
        if (first < 0 || last < 0 || last < first) {
            return null;
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new ByteRange(first, Math.min(last, size - 1));
    }

    /** Reads 1*DIGIT; huge values saturate; anything else is -1. */
    private static long number(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
        }
        return n;
    }
}
