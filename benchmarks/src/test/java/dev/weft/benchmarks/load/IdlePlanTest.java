package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The idle plan's warm-up, and the descriptor count the warm-up waits on. */
class IdlePlanTest {

    @Test
    void theWarmUpFollowsTheScaleUnlessSetAfterIt() {
        assertEquals(10_000, IdlePlan.defaults().warmup());
        IdlePlan small = IdlePlan.defaults().withConnections(300, 16);
        assertEquals(300, small.warmup());
        assertEquals(0, small.withWarmup(0).warmup());
        assertEquals(300, small.withWarmup(0).connections());
        assertEquals(50, small.withWarmup(50).withRounds(3).withClientThreads(2).warmup());
        assertThrows(IllegalArgumentException.class, () -> small.withWarmup(-1));
    }

    @Test
    void openFilesCountsThisProcessDescriptors() throws Exception {
        long pid = ProcessHandle.current().pid();
        OptionalLong before = ProcFs.openFiles(pid);
        assertTrue(before.isPresent() && before.getAsLong() > 0, before.toString());
        // 200 pipes are 400 descriptors; other tests running beside this one may close a few of theirs.
        List<Pipe> pipes = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                pipes.add(Pipe.open());
            }
            long during = ProcFs.openFiles(pid).orElseThrow();
            assertTrue(during >= before.getAsLong() + 300, before + " then " + during);
        } finally {
            for (Pipe p : pipes) {
                p.source().close();
                p.sink().close();
            }
        }
        assertTrue(ProcFs.openFiles(Long.MAX_VALUE).isEmpty());
    }
}
