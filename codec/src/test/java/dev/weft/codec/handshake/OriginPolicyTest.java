package dev.weft.codec.handshake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which origins a server accepts: RFC 6455 §4.2.2 item 1 and §10.2, origins as in RFC 6454. */
class OriginPolicyTest {

    private final OriginPolicy policy = OriginPolicy.allowList(List.of("https://Example.com", "http://localhost:8080"));

    @Test
    void allowsListedOriginsIgnoringCaseAndDefaultPorts() {
        assertTrue(policy.allows("https://example.com"));
        assertTrue(policy.allows("HTTPS://EXAMPLE.COM"));
        assertTrue(policy.allows("https://example.com:443"));
        assertTrue(policy.allows("http://localhost:8080"));
    }

    @Test
    void refusesOthers() {
        assertFalse(policy.allows("http://example.com"));
        assertFalse(policy.allows("https://example.com:8443"));
        assertFalse(policy.allows("https://evil.example.com"));
        assertFalse(policy.allows("https://example.com.evil.net"));
        assertFalse(policy.allows("http://localhost"));
        assertFalse(policy.allows("null"));
        assertFalse(policy.allows("https://example.com/"));
        assertFalse(policy.allows("https://user@example.com"));
        assertFalse(policy.allows("not an origin"));
    }

    @Test
    void allowsAnAbsentOrigin() {
        assertTrue(policy.allows(null));
        assertTrue(OriginPolicy.any().allows(null));
        assertTrue(OriginPolicy.any().allows("https://anything.example"));
    }

    @Test
    void refusesMalformedEntries() {
        assertThrows(IllegalArgumentException.class, () -> OriginPolicy.allowList(List.of("example.com")));
        assertThrows(IllegalArgumentException.class, () -> OriginPolicy.allowList(List.of("https://example.com/path")));
    }
}
