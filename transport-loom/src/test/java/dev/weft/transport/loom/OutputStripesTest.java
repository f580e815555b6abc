package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.engine.OutputPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link OutputStripes}: new connections are given the pools in turn, so that the connections of
 * two carriers seldom share one; their number follows the carriers, within a bound.
 */
class OutputStripesTest {

    @Test
    void connectionsAreGivenEveryPoolInTurn() {
        OutputStripes stripes = new OutputStripes(2);
        assertEquals(4, stripes.size());
        List<OutputPool> first = new ArrayList<>();
        for (int i = 0; i < stripes.size(); i++) {
            first.add(stripes.next());
        }
        Set<OutputPool> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(first);
        assertEquals(stripes.size(), distinct.size(), "one round hands out every pool once");
        for (OutputPool p : first) {
            assertTrue(p.isPooled(), "direct, pooled buffers, as the socket writes from");
        }
        for (int round = 0; round < 3; round++) {
            for (OutputPool p : first) {
                assertSame(p, stripes.next(), "the same order again");
            }
        }
        assertNotSame(first.get(0), first.get(1), "two connections made one after the other do not share a pool");
    }

    @Test
    void thePoolCountFollowsTheCarriersWithinItsBound() {
        assertEquals(2, new OutputStripes(1).size());
        assertEquals(2, new OutputStripes(0).size(), "a nonsense count still gives working pools");
        assertEquals(16, new OutputStripes(64).size(), "a large machine does not get a pool per thread");
    }
}
