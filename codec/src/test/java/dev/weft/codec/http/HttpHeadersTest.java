package dev.weft.codec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Header fields (RFC 9110 §5): case-insensitive names (§5.1), repeated fields as one list (§5.3),
 * list syntax (§5.6.1), tokens (§5.6.2), and the characters a value may hold (§5.5).
 */
class HttpHeadersTest {

    private final HttpHeaders headers = HttpHeaders.builder()
            .add("Connection", "keep-alive, Upgrade")
            .add("X-List", "a,,b")
            .add("x-list", " c ")
            .add("Upgrade", "websocket")
            .build();

    @Test
    void looksUpNamesIgnoringCase() {
        assertEquals("a,,b", headers.first("X-LIST"));
        assertEquals(List.of("a,,b", "c"), headers.all("x-List"));
        assertEquals(2, headers.count("X-List"));
        assertTrue(headers.contains("UPGRADE"));
        assertFalse(headers.contains("Host"));
        assertNull(headers.first("Host"));
        assertEquals(List.of(), headers.all("Host"));
        assertEquals(4, headers.size());
    }

    @Test
    void keepsSpellingAndOrder() {
        List<String> lines = new ArrayList<>();
        for (HttpHeaders.Field f : headers) {
            lines.add(f.toString());
        }
        assertEquals(List.of("Connection: keep-alive, Upgrade", "X-List: a,,b", "x-list: c", "Upgrade: websocket"), lines);
    }

    @Test
    void givesEachFieldByItsPlace() {
        assertEquals(new HttpHeaders.Field("x-list", "c"), headers.field(2));
        assertEquals("Upgrade", headers.field(headers.size() - 1).name());
        assertThrows(IndexOutOfBoundsException.class, () -> headers.field(headers.size()));
        assertThrows(IndexOutOfBoundsException.class, () -> headers.field(-1));
    }

    @Test
    void comparesFieldsByNameAndValueAsWritten() {
        HttpHeaders.Field field = new HttpHeaders.Field("Upgrade", " websocket ");
        assertEquals(new HttpHeaders.Field("Upgrade", "websocket"), field);
        assertEquals(new HttpHeaders.Field("Upgrade", "websocket").hashCode(), field.hashCode());
        assertNotEquals(new HttpHeaders.Field("upgrade", "websocket"), field);
        assertNotEquals(new HttpHeaders.Field("Upgrade", "WebSocket"), field);
        assertTrue(field.hasName("UPGRADE"));
        assertFalse(field.hasName("Upgrades"));
        assertFalse(field.hasName(null));
    }

    @Test
    void readsTokenLists() {
        assertEquals(List.of("a", "b", "c"), headers.tokens("X-List"));
        assertTrue(headers.containsToken("connection", "upgrade"));
        assertTrue(headers.containsToken("Connection", "KEEP-ALIVE"));
        assertFalse(headers.containsToken("Connection", "close"));
        assertFalse(headers.containsToken("Absent", "x"));
    }

    @Test
    void refusesBadNamesAndValues() {
        HttpHeaders.Builder b = HttpHeaders.builder();
        assertThrows(IllegalArgumentException.class, () -> b.add("Bad Name", "v"));
        assertThrows(IllegalArgumentException.class, () -> b.add("", "v"));
        assertThrows(IllegalArgumentException.class, () -> b.add("Bad:", "v"));
        assertThrows(IllegalArgumentException.class, () -> b.add("X", "a\r\nInjected: 1"));
        assertThrows(IllegalArgumentException.class, () -> b.add("X", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> b.add("X", "a\u0000b"));
        assertThrows(IllegalArgumentException.class, () -> b.add("X", "snow \u2603"));
        assertEquals(0, b.build().size());
        assertEquals("tab\tinside", b.add("X", "\ttab\tinside ").build().first("X"));
    }

    @Test
    void setReplacesEveryField() {
        HttpHeaders h = headers.toBuilder().set("X-LIST", "d").build();
        assertEquals(List.of("d"), h.all("x-list"));
        assertEquals("Upgrade", h.fields().get(1).name());
    }

    @Test
    void equalityIgnoresNameCaseOnly() {
        HttpHeaders a = HttpHeaders.builder().add("Host", "h").build();
        HttpHeaders b = HttpHeaders.builder().add("HOST", "h").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, HttpHeaders.builder().add("Host", "H").build());
        assertTrue(HttpHeaders.empty().isEmpty());
    }

    @Test
    void knowsTokens() {
        assertTrue(HttpHeaders.isToken("chat.v2+json"));
        assertFalse(HttpHeaders.isToken("a b"));
        assertFalse(HttpHeaders.isToken("a,b"));
        assertFalse(HttpHeaders.isToken(""));
        assertFalse(HttpHeaders.isToken(null));
    }
}
