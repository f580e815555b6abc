package dev.weft.codec.internal;

/**
 * Checks that text can be sent as UTF-8 (RFC 6455 §5.6: a text message is UTF-8; RFC 3629 §3:
 * surrogates have no UTF-8 form). A Java string may hold an unpaired surrogate, which the JDK's
 * encoder would silently turn into {@code ?}; the sender is told instead, as
 * {@code java.net.http.WebSocket#sendText} does. Not API: the transports call it on the sending
 * thread, before a send is handed to another.
 */
public final class WellFormedText {
    private WellFormedText() {
    }

    /**
     * Throws unless every surrogate in {@code text} is half of a proper pair.
     *
     * @param text the text to send
     * @throws IllegalArgumentException naming the index of the first unpaired surrogate
     */
    public static void require(CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            throw new IllegalArgumentException(String.format(
                    "text is not well-formed UTF-16: an unpaired surrogate U+%04X at index %d has no UTF-8 form", (int) c, i));
        }
    }
}
