package dev.weft.codec.http;

/**
 * The words nearly every WebSocket upgrade request spells out, as shared strings: field names
 * such as {@code Sec-WebSocket-Key} and values such as {@code websocket}. A parser that finds
 * one of them in a head hands out the shared string instead of making a new one, so a handshake
 * costs a string only for what is particular to it: the key, the host, the path, a cookie.
 *
 * <p>Only an exact, case-sensitive match is shared, so a head is still written back as it was
 * spelled.
 */
final class SharedText {

    private static final String[] WORDS = {
        // Request lines.
        "GET", "HTTP/1.1", "HTTP/1.0",
        // The fields of RFC 6455 §4.1 and those browsers and HTTP clients add to an upgrade.
        "Host", "Upgrade", "Connection", "Origin", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
        "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "User-Agent", "Accept", "Accept-Encoding",
        "Accept-Language", "Cache-Control", "Pragma", "Cookie", "Authorization", "Referer", "Forwarded",
        "X-Forwarded-For", "X-Forwarded-Proto", "Content-Length", "Content-Type", "Transfer-Encoding",
        "If-None-Match", "If-Modified-Since", "Range", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site",
        // Their usual values.
        "websocket", "upgrade", "keep-alive, Upgrade", "keep-alive", "close", "13", "no-cache", "*/*",
        "gzip, deflate", "gzip, deflate, br", "gzip, deflate, br, zstd",
        "permessage-deflate", "permessage-deflate; client_max_window_bits",
    };

    /** {@link #WORDS} by length: {@code BY_LENGTH[n]} holds the words of n characters. */
    private static final String[][] BY_LENGTH = byLength();

    private SharedText() {
    }

    /**
     * Returns the text of {@code bytes[from, to)}, one character per octet: a shared string when
     * the bytes spell one of the usual words, else a new one.
     *
     * @param bytes the octets
     * @param from  the first
     * @param to    one past the last
     * @return the text
     */
    static String of(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length < BY_LENGTH.length) {
            for (String word : BY_LENGTH[length]) {
                if (spells(bytes, from, word)) {
                    return word;
                }
            }
        }
        return new String(bytes, from, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static boolean spells(byte[] bytes, int from, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (bytes[from + i] != (byte) word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String[][] byLength() {
        int longest = 0;
        for (String w : WORDS) {
            longest = Math.max(longest, w.length());
        }
        String[][] table = new String[longest + 1][];
        for (int n = 0; n <= longest; n++) {
            int count = 0;
            for (String w : WORDS) {
                count += w.length() == n ? 1 : 0;
            }
            table[n] = new String[count];
            int i = 0;
            for (String w : WORDS) {
                if (w.length() == n) {
                    table[n][i++] = w;
                }
            }
        }
        return table;
    }
}
