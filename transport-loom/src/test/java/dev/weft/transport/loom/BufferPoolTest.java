package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BufferPool}: buffers given back are lent again, cleared; the pool never makes anyone wait. */
class BufferPoolTest {

    @Test
    void aBufferGivenBackIsLentAgainCleared() {
        BufferPool pool = new BufferPool(64, 2);
        ByteBuffer first = pool.take();
        assertEquals(64, first.capacity());
        first.put((byte) 1).limit(10);
        pool.give(first);
        ByteBuffer again = pool.take();
        assertSame(first, again);
        assertEquals(0, again.position());
        assertEquals(64, again.limit());
    }

    @Test
    void anEmptyPoolAllocatesAndAFullOneLetsGo() {
        BufferPool pool = new BufferPool(16, 2);
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            taken.add(pool.take());
        }
        assertNotSame(taken.get(0), taken.get(1));
        taken.forEach(pool::give); // the third has no slot left
        List<ByteBuffer> lent = new ArrayList<>(); // not a set: equal contents make ByteBuffers equal
        for (int i = 0; i < 3; i++) {
            lent.add(pool.take());
        }
        int reused = 0;
        for (ByteBuffer b : taken) {
            for (ByteBuffer l : lent) {
                reused += b == l ? 1 : 0;
            }
        }
        assertEquals(2, reused, "two slots, so two buffers come back");
    }

    @Test
    void tryTakeNeverMakesMoreBuffersThanThePoolHasSlots() {
        BufferPool pool = new BufferPool(64, 2);
        java.nio.ByteBuffer a = pool.tryTake();
        java.nio.ByteBuffer b = pool.tryTake();
        org.junit.jupiter.api.Assertions.assertNotNull(a);
        org.junit.jupiter.api.Assertions.assertNotNull(b);
        org.junit.jupiter.api.Assertions.assertNull(pool.tryTake(), "both lent: a blocked reader must read into its own");
        pool.give(a);
        org.junit.jupiter.api.Assertions.assertSame(a, pool.tryTake(), "the one given back is lent again");
    }

    @Test
    void canSpareCountsIdleBuffersAndOnesNotYetMade() {
        BufferPool pool = new BufferPool(64, 3);
        org.junit.jupiter.api.Assertions.assertTrue(pool.canSpare(3), "none made yet: all three can be lent");
        java.nio.ByteBuffer a = pool.tryTake();
        java.nio.ByteBuffer b = pool.tryTake();
        org.junit.jupiter.api.Assertions.assertTrue(pool.canSpare(1));
        org.junit.jupiter.api.Assertions.assertFalse(pool.canSpare(2), "two of three lent");
        pool.give(a);
        org.junit.jupiter.api.Assertions.assertTrue(pool.canSpare(2), "one idle, one not yet made");
        org.junit.jupiter.api.Assertions.assertFalse(pool.canSpare(3));
        pool.give(b);
        org.junit.jupiter.api.Assertions.assertTrue(pool.canSpare(3));
    }
}
