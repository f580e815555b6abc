package dev.weft.conformance.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON as Autobahn's files and the native report use it: Jackson with plain values, member order kept, no NaN. */
class JsonTest {

    @Test
    void readsEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5, 3e2, true, false, null], \"b\": {\"c\": \"x\\n\\u00e9\\\"\"}, \"big\": 12345678901234} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1L, -2.5, 300.0, true, false), ((List<?>) m.get("a")).subList(0, 5));
        assertNull(((List<?>) m.get("a")).get(5));
        assertEquals("x\né\"", ((Map<?, ?>) m.get("b")).get("c"));
        assertEquals(12345678901234L, m.get("big"));
    }

    @Test
    void keepsMemberOrder() {
        Map<?, ?> m = (Map<?, ?>) Json.parse("{\"z\": 1, \"a\": 2, \"m\": 3}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(m.keySet()));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "tab\tquote\" backslash\\ control\u0001 é 😀");
        m.put("numbers", List.of(0L, -7L, 2.5));
        m.put("empty", Map.of());
        m.put("none", null);
        m.put("yes", true);
        String json = Json.write(m);
        assertEquals(m, Json.parse(json));
        assertTrue(json.contains("\\u0001"));
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "\"unterminated", "tru", "1 2", "{\"a\":\"\\x\"}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("malformed JSON at offset"), e.getMessage());
        }
    }

    @Test
    void refusesValuesWithNoJsonForm() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
