package dev.weft.codec.handshake;

/** Quotes peer-supplied text for a message, short and with anything unprintable escaped. */
final class Quote {
    private Quote() {
    }

    static String of(String s) {
        StringBuilder out = new StringBuilder("'");
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\x%02X", (int) c & 0xFF));
            }
        }
        return out.append(s.length() > n ? "'..." : "'").toString();
    }
}
