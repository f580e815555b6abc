package dev.weft.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Case numbers: Autobahn's order and its spec-file patterns. */
class CaseIdsTest {

    @Test
    void ordersComponentsAsNumbers() {
        List<String> ids = new ArrayList<>(List.of("10.1.1", "6.10.1", "1.1.10", "6.9.4", "1.1.9", "2.10", "2.2", "9.1.1"));
        ids.sort(CaseIds.ORDER);
        assertEquals(List.of("1.1.9", "1.1.10", "2.2", "2.10", "6.9.4", "6.10.1", "9.1.1", "10.1.1"), ids);
    }

    @Test
    void patternsUseStarAsTheOnlyWildcard() {
        assertTrue(CaseIds.matches("*", "7.13.2"));
        assertTrue(CaseIds.matches("6.*", "6.4.3"));
        assertFalse(CaseIds.matches("6.*", "9.6.1"));
        assertTrue(CaseIds.matches("9.1.*", "9.1.6"));
        assertFalse(CaseIds.matches("1.1.1", "1.1.10"));
        assertTrue(CaseIds.matches("1.1.1", "1.1.1"));
        assertFalse(CaseIds.matches("1.1", "1.1.1"), "a dot is a dot, not any character");
    }

    @Test
    void selectsIncludedMinusExcluded() {
        List<String> ids = List.of("1.1.1", "6.4.1", "6.4.2", "9.1.1", "12.1.1");
        assertEquals(List.of("1.1.1", "6.4.1", "6.4.2", "9.1.1"), CaseIds.select(ids, List.of("*"), List.of("12.*", "13.*")));
        assertEquals(List.of("6.4.1"), CaseIds.select(ids, CaseIds.patterns(" 6.4.*, "), List.of("6.4.2")));
        assertEquals(List.of(), CaseIds.patterns(" , "));
    }
}
