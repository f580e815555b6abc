package dev.weft.codec.handshake;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Random;

/**
 * The {@code Sec-WebSocket-Key} a client sends and the {@code Sec-WebSocket-Accept} a server
 * proves it read it with (RFC 6455 §4.1, §4.2.2, §1.3).
 *
 * <p>The proof is no security: it shows that the server understood a WebSocket handshake, so that
 * a plain HTTP server, or a cache, cannot be taken for one by accident.
 */
public final class AcceptKey {

    /** The GUID that RFC 6455 §1.3 appends to the key before hashing. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static final byte[] GUID_BYTES = GUID.getBytes(StandardCharsets.ISO_8859_1);

    private static final SecureRandom DEFAULT_RANDOM = new SecureRandom();

    private AcceptKey() {
    }

    /**
     * Computes the {@code Sec-WebSocket-Accept} for a key: the base64 of the SHA-1 of the key
     * followed by {@link #GUID}. For the RFC's sample key {@code dGhlIHNhbXBsZSBub25jZQ==} it
     * is {@code s3pPLMBiTxaQ9kYGzzhZRbK+xOo=}.
     *
     * <p>Every handshake a server accepts comes through here, so the only object it makes is the
     * answer: the digest and its scratch space come from {@link Sha1Pool}.
     *
     * @param secWebSocketKey the key as sent, without surrounding whitespace; its characters
     *                        stand for single octets, as on the wire
     * @return the accept value
     */
    public static String of(String secWebSocketKey) {
        Objects.requireNonNull(secWebSocketKey, "secWebSocketKey");
        Sha1Pool.Sha1 sha1 = Sha1Pool.take();
        String accept = sha1.acceptValue(secWebSocketKey, GUID_BYTES);
        Sha1Pool.giveBack(sha1);
        return accept;
    }

    /**
     * Makes a fresh key from a {@link SecureRandom}: §4.1 asks for a nonce randomly selected per
     * connection.
     *
     * @return the base64 of 16 random bytes, 24 characters
     */
    public static String newKey() {
        return newKey(DEFAULT_RANDOM);
    }

    /**
     * Makes a fresh key from the given source, which tests may fix.
     *
     * @param random the source of the 16 bytes
     * @return the base64 of 16 random bytes, 24 characters
     */
    public static String newKey(Random random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * Returns whether a {@code Sec-WebSocket-Key} is well formed (§4.2.1 item 5): the canonical,
     * padded base64 of exactly 16 bytes (RFC 4648 §4). That is 22 characters of the base64
     * alphabet and {@code ==}; the 22nd carries only the last two bits of the 16th byte, so its
     * four low bits must be zero, which leaves {@code A}, {@code Q}, {@code g} and {@code w}. Any
     * other spelling decodes to the same bytes only for a lenient decoder, and is refused.
     *
     * @param key the value to check, may be {@code null}
     * @return whether it is a valid key
     */
    public static boolean isValidKey(String key) {
        if (key == null || key.length() != 24 || key.charAt(22) != '=' || key.charAt(23) != '=') {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            if (base64Value(key.charAt(i)) < 0) {
                return false;
            }
        }
        return (base64Value(key.charAt(21)) & 0x0F) == 0;
    }

    /** The value of a character of the base64 alphabet (RFC 4648 Table 1), or -1. */
    private static int base64Value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }
}
