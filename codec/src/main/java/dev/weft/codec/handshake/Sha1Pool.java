package dev.weft.codec.handshake;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A few SHA-1 digests shared by every handshake in the process, so that computing an accept value
 * (RFC 6455 §4.2.2) neither looks the algorithm up nor builds a digest each time: looking it up
 * costs more than the hash of 60 bytes, and its garbage, at thousands of handshakes a second,
 * makes the heap grow.
 *
 * <p>Each slot holds one digest, taken by one handshake at a time. A thread takes from the slot its
 * id points at; when that slot is empty (another thread holds its digest) it makes a new one,
 * which goes back into the slot afterwards if the slot is still empty, so the pool never holds more
 * than {@link #SLOTS} digests. Event loops and virtual threads alike find a digest waiting nearly
 * always, and none is tied to a thread that may end.
 */
final class Sha1Pool {

    /** Enough for the event loops of a large machine; a power of two. */
    private static final int SLOTS = 16;

    private static final AtomicReferenceArray<Sha1> POOL = new AtomicReferenceArray<>(SLOTS);

    private Sha1Pool() {
    }

    /** Takes a digest, the caller's alone until {@link #giveBack}. */
    static Sha1 take() {
        Sha1 sha1 = POOL.getAndSet(slot(), null);
        return sha1 != null ? sha1 : new Sha1();
    }

    /** Returns a digest taken with {@link #take}; the caller must not use it any more. */
    static void giveBack(Sha1 sha1) {
        POOL.compareAndSet(slot(), null, sha1);
    }

    private static int slot() {
        return (int) Thread.currentThread().threadId() & (SLOTS - 1);
    }

    /** One SHA-1 digest and the scratch space for one accept value. */
    static final class Sha1 {
        private static final int DIGEST_LENGTH = 20;
        /** The base64 of 20 bytes: 28 characters, padding included. */
        private static final int ACCEPT_LENGTH = 28;
        /** The base64 of 16 bytes, the length of every valid key (§4.1). */
        private static final int KEY_LENGTH = 24;

        private final MessageDigest digest;
        private final byte[] hash = new byte[DIGEST_LENGTH];
        private final byte[] base64 = new byte[ACCEPT_LENGTH];
        /** Room for a valid key's 24 octets; a longer key goes through in pieces of this size. */
        private final byte[] input = new byte[KEY_LENGTH];

        Sha1() {
            try {
                digest = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                // Every Java platform must provide SHA-1 (MessageDigest's contract).
                throw new AssertionError("SHA-1 unavailable", e);
            }
        }

        /**
         * Returns the base64 of the SHA-1 of {@code key}'s octets followed by {@code guid}.
         *
         * @param key  text whose characters stand for single octets
         * @param guid the octets to append
         * @return the 28 characters of the accept value
         */
        String acceptValue(String key, byte[] guid) {
            // The key's octets go in through the scratch array, a usual key's 24 in one update:
            // a call per octet costs more than the hash itself.
            int n = 0;
            for (int i = 0; i < key.length(); i++) {
                if (n == input.length) {
                    digest.update(input, 0, n);
                    n = 0;
                }
                char c = key.charAt(i);
                input[n++] = c <= 0xFF ? (byte) c : (byte) '?'; // as String.getBytes(ISO_8859_1) would
            }
            digest.update(input, 0, n);
            digest.update(guid);
            try {
                digest.digest(hash, 0, DIGEST_LENGTH);
            } catch (DigestException e) {
                // Only a buffer too small for the digest throws, and this one fits SHA-1.
                throw new AssertionError(e);
            }
            Base64.getEncoder().encode(hash, base64);
            return new String(base64, StandardCharsets.ISO_8859_1);
        }
    }
}
