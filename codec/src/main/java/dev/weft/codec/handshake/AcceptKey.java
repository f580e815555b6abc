package dev.weft.codec.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    private static final SecureRandom DEFAULT_RANDOM = new SecureRandom();
    /**
     * A SHA-1 digest that is never used, only cloned. Looking one up by name per handshake would
     * leave the JDK's provider cache (a thread-local) on the calling thread; on a transport with a
     * thread per connection that is memory every idle connection keeps.
     */
    private static final MessageDigest SHA1 = sha1();

    private AcceptKey() {
    }

    /**
     * Computes the {@code Sec-WebSocket-Accept} for a key: the base64 of the SHA-1 of the key
     * followed by {@link #GUID}. For the RFC's sample key {@code dGhlIHNhbXBsZSBub25jZQ==} it
     * is {@code s3pPLMBiTxaQ9kYGzzhZRbK+xOo=}.
     *
     * @param secWebSocketKey the key as sent, without surrounding whitespace
     * @return the accept value
     */
    public static String of(String secWebSocketKey) {
        Objects.requireNonNull(secWebSocketKey, "secWebSocketKey");
        byte[] digest = freshSha1().digest((secWebSocketKey + GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(digest);
    }

    /** A digest of its own for the caller: a clone of {@link #SHA1}, or a new one where cloning is not supported. */
    private static MessageDigest freshSha1() {
        try {
            return (MessageDigest) SHA1.clone();
        } catch (CloneNotSupportedException e) {
            return sha1();
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-1 (MessageDigest's contract).
            throw new AssertionError("SHA-1 unavailable", e);
        }
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
     * padded base64 of exactly 16 bytes.
     *
     * @param key the value to check, may be {@code null}
     * @return whether it is a valid key
     */
    public static boolean isValidKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(key);
            // Re-encoding catches the non-canonical spellings the decoder lets through.
            return decoded.length == 16 && Base64.getEncoder().encodeToString(decoded).equals(key);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
