package dev.weft.codec.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Sec-WebSocket-Key} and {@code Sec-WebSocket-Accept}: RFC 6455 §1.3, §4.1, §4.2.1 item 5. */
class AcceptKeyTest {

    @Test
    void computesTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void newKeysAreSixteenRandomBytes() {
        String key = AcceptKey.newKey();
        assertEquals(24, key.length());
        assertEquals(16, Base64.getDecoder().decode(key).length);
        assertTrue(AcceptKey.isValidKey(key));
        assertNotEquals(key, AcceptKey.newKey());
        assertEquals(AcceptKey.newKey(new Random(7)), AcceptKey.newKey(new Random(7)));
    }

    @Test
    void acceptsWellFormedKeys() {
        assertTrue(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ=="));
        assertTrue(AcceptKey.isValidKey("AAAAAAAAAAAAAAAAAAAAAA=="));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZQ===",
        "dGhlIHNhbXBsZSBub25jZR==", "dGhlIHNhbXBsZSBub25j", "dGhlIHNhbXBsZSBub25jZSE=",
        "dGhlIHNhbXBsZSBub25j!Q==", "dGhlIHNhbXBsZSBub25jZQ==AAAA", "dGhl IHNhbXBsZSBub25jZQ="
    })
    void refusesMalformedKeys(String key) {
        assertFalse(AcceptKey.isValidKey(key), key);
    }

    @Test
    void refusesNull() {
        assertFalse(AcceptKey.isValidKey(null));
    }
}
