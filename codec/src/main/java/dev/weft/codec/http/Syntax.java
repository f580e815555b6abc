package dev.weft.codec.http;

/** Character classes of RFC 9110 §5.6 and RFC 3986 §2, shared by the parsers and builders. */
final class Syntax {
    private Syntax() {
    }

    /** {@code TCHAR[c]}: whether octet {@code c} is a {@code tchar}. */
    private static final boolean[] TCHAR = tchars();
    /** {@code FIELD_CHAR[c]}: whether octet {@code c} may stand in a field value. */
    private static final boolean[] FIELD_CHAR = fieldChars();

    /** {@code tchar}: the characters of a token (RFC 9110 §5.6.2). */
    static boolean isTchar(int c) {
        // A lookup, not a search: every header name of every request is checked one character at a time.
        return c >= 0 && c < TCHAR.length && TCHAR[c];
    }

    private static boolean[] tchars() {
        boolean[] table = new boolean[256];
        String tchar = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < tchar.length(); i++) {
            table[tchar.charAt(i)] = true;
        }
        return table;
    }

    private static boolean[] fieldChars() {
        boolean[] table = new boolean[256];
        for (int c = 0; c < table.length; c++) {
            table[c] = c == '\t' || (c >= 0x20 && c <= 0x7E) || c >= 0x80;
        }
        return table;
    }

    static boolean isToken(CharSequence s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code c} may appear inside a field value or reason phrase: HTAB, SP, VCHAR and
     * obs-text (RFC 9110 §5.5). Every other control character is refused, not only the CR, LF
     * and NUL that §5.5 singles out as dangerous: none has a use in a handshake.
     */
    static boolean isFieldChar(int c) {
        return c >= 0 && c < FIELD_CHAR.length && FIELD_CHAR[c];
    }

    static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t';
    }

    /** Removes leading and trailing SP and HTAB (the OWS around a field value, RFC 9110 §5.5). */
    static String trimOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /**
     * Quotes at most 60 characters of peer-supplied text for an error message, escaping anything
     * that is not printable ASCII, so that a log line cannot be forged or flooded.
     */
    static String excerpt(String s) {
        StringBuilder out = new StringBuilder("'");
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '\\' && c != '\'') {
                out.append(c);
            } else {
                out.append(String.format("\\x%02X", (int) c & 0xFF));
            }
        }
        return out.append(s.length() > n ? "'..." : "'").toString();
    }
}
