package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SliceBuffers}: direct slices of shared slabs that never share bytes, reused when given back, kept within a bound. */
class SliceBuffersTest {

    @Test
    void slicesAreDirectOfTheirSizeAndShareNoBytes() {
        SliceBuffers slices = new SliceBuffers(32);
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < SliceBuffers.PER_SLAB * 2 + 1; i++) { // three slabs' worth
            ByteBuffer b = slices.take();
            assertTrue(b.isDirect());
            assertEquals(32, b.capacity());
            assertEquals(0, b.position());
            assertEquals(32, b.limit());
            while (b.hasRemaining()) {
                b.put((byte) i);
            }
            taken.add(b);
        }
        // Every slice still holds only what was written into it: none overlaps another.
        for (int i = 0; i < taken.size(); i++) {
            ByteBuffer b = taken.get(i);
            for (int j = 0; j < b.capacity(); j++) {
                assertEquals((byte) i, b.get(j), "slice " + i + " byte " + j);
            }
        }
    }

    @Test
    void aSliceGivenBackIsLentAgainCleared() {
        SliceBuffers slices = new SliceBuffers(16);
        // Take a whole slab, so that the only idle slice afterwards is the one given back.
        List<ByteBuffer> all = new ArrayList<>();
        for (int i = 0; i < SliceBuffers.PER_SLAB; i++) {
            all.add(slices.take());
        }
        ByteBuffer first = all.get(3);
        first.put((byte) 1).limit(5);
        slices.give(first);
        ByteBuffer again = slices.take();
        assertSame(first, again);
        assertEquals(0, again.position());
        assertEquals(16, again.limit());
    }

    @Test
    void atMostKeptSlicesWaitForReuse() {
        SliceBuffers slices = new SliceBuffers(8);
        int many = SliceBuffers.KEPT + SliceBuffers.PER_SLAB * 2;
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < many; i++) {
            taken.add(slices.take());
        }
        taken.forEach(slices::give);
        // Taking as many again finds at most KEPT of the old slices; the rest are new.
        Map<ByteBuffer, Boolean> old = new IdentityHashMap<>();
        taken.forEach(b -> old.put(b, true));
        int reused = 0;
        for (int i = 0; i < many; i++) {
            if (old.containsKey(slices.take())) {
                reused++;
            }
        }
        assertTrue(reused <= SliceBuffers.KEPT, reused + " reused");
        assertTrue(reused >= SliceBuffers.KEPT - SliceBuffers.PER_SLAB, reused + " reused");
    }
}
