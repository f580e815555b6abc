package dev.weft.codec.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 6455 §5.3 and §10.3: a client's masking keys, fresh per frame and unpredictable. */
class CounterModeKeySourceTest {

    /** Seeds of one repeated byte, counting how often it is asked. */
    private static final class FixedSeeds extends SecureRandom {
        private static final long serialVersionUID = 1L; // SecureRandom is Serializable; this one never is serialized
        private final byte fill;
        int draws;

        FixedSeeds(int fill) {
            this.fill = (byte) fill;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            draws++;
            Arrays.fill(bytes, fill);
        }
    }

    @Test
    void keysAreTheAesKeystream() {
        // AES-128 under the all-zero key maps the all-zero block to 66e94bd4 ef8a2c3b 884cfa59
        // ca342b2e (a well-known answer); with a zero counter that block is the first keystream.
        CounterModeKeySource keys = new CounterModeKeySource(new FixedSeeds(0), CounterModeKeySource.KEYS_PER_SEED);
        assertEquals(0x66e94bd4, keys.nextMaskingKey());
        assertEquals(0xef8a2c3b, keys.nextMaskingKey());
        assertEquals(0x884cfa59, keys.nextMaskingKey());
        assertEquals(0xca342b2e, keys.nextMaskingKey());
    }

    @Test
    void aNewSeedIsDrawnAfterItsShareOfKeys() {
        FixedSeeds seeds = new FixedSeeds(7);
        CounterModeKeySource keys = new CounterModeKeySource(seeds, 128);
        assertEquals(2, seeds.draws, "an AES key and a counter to start with");
        int[] first = new int[128];
        for (int i = 0; i < first.length; i++) {
            first[i] = keys.nextMaskingKey();
        }
        assertEquals(2, seeds.draws);
        // The same seed again gives the same keystream again: the keys come from the seed alone.
        assertEquals(first[0], keys.nextMaskingKey());
        assertEquals(4, seeds.draws);
    }

    @Test
    void strongKeysDoNotRepeatAndDifferPerSource() {
        MaskingKeySource a = MaskingKeySource.strong();
        MaskingKeySource b = MaskingKeySource.strong();
        Set<Integer> seen = new HashSet<>();
        int same = 0;
        for (int i = 0; i < 10_000; i++) {
            int key = a.nextMaskingKey();
            seen.add(key);
            if (key == b.nextMaskingKey()) {
                same++;
            }
        }
        // 10,000 draws from 2^32 values collide about once in 86 runs.
        assertTrue(seen.size() >= 9_998, seen.size() + " distinct keys of 10,000");
        assertTrue(same <= 2, same + " keys shared by two sources");
        assertNotEquals(0, seen.stream().mapToInt(Integer::intValue).reduce(0, (x, y) -> x | y));
    }
}
