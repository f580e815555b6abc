package dev.weft.codec.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §4.2.1 item 5 and §4.2.2: {@link AcceptKey}'s key check and accept value, each against
 * the JDK's own base64 and SHA-1 used the plain way, and the shared digests under many threads.
 */
class AcceptKeyProperties {

    /** The plain reading of §4.2.1 item 5: decodes to 16 bytes, and encoding those gives the key back. */
    private static boolean referenceIsValid(String key) {
        try {
            byte[] decoded = Base64.getDecoder().decode(key);
            return decoded.length == 16 && Base64.getEncoder().encodeToString(decoded).equals(key);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String referenceAccept(String key) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((key + AcceptKey.GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(digest);
    }

    @Property(tries = 2000)
    void keyCheckAgreesWithDecodingAndEncoding(@ForAll("keyLike") String key) {
        assertEquals(referenceIsValid(key), AcceptKey.isValidKey(key), key);
    }

    @Property(tries = 500)
    void acceptValueIsTheBase64OfTheSha1(@ForAll("keyLike") String key) throws Exception {
        assertEquals(referenceAccept(key), AcceptKey.of(key));
    }

    @Test
    void threadsSharingTheDigestsEachGetTheirOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                results.add(pool.submit((Callable<Void>) () -> {
                    java.util.Random random = new java.util.Random(seed);
                    for (int i = 0; i < 2_000; i++) {
                        String key = AcceptKey.newKey(random);
                        assertEquals(referenceAccept(key), AcceptKey.of(key));
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Strings near the shape of a key: mostly 24 characters of the base64 alphabet ending in
     * {@code ==}, with wrong lengths, paddings, last characters and stray characters mixed in.
     */
    @Provide
    Arbitrary<String> keyLike() {
        Arbitrary<Character> alphabet = Arbitraries.of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".chars().mapToObj(c -> (char) c).toList());
        Arbitrary<Character> stray = Arbitraries.of('=', '-', '_', ' ', '!', '\u00e9', '\u20ac');
        Arbitrary<Character> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, alphabet), net.jqwik.api.Tuple.of(1, stray));
        Arbitrary<String> body = any.list().ofMinSize(18).ofMaxSize(26)
                .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
        Arbitrary<String> padding = Arbitraries.of("==", "==", "==", "=", "", "===", "A=");
        Arbitrary<String> exact = alphabet.list().ofSize(22)
                .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat) + "==");
        return Arbitraries.oneOf(exact, net.jqwik.api.Combinators.combine(body, padding).as(String::concat));
    }
}
