package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link YieldBeforeRead}: a reader skips its yields for a while after one found the carrier idle, then tries again. */
class YieldBeforeReadTest {

    @Test
    void skippedYieldsCountDownToATry() {
        int skip = YieldBeforeRead.SKIP_AFTER_IDLE;
        for (int i = YieldBeforeRead.SKIP_AFTER_IDLE - 1; i >= 0; i--) {
            skip = YieldBeforeRead.maybeYield(skip);
            assertEquals(i, skip);
        }
    }

    @Test
    void aTryEitherTurnsYieldsOffForAWhileOrKeepsThemOn() throws InterruptedException {
        AtomicInteger next = new AtomicInteger(-1);
        Thread.ofVirtual().start(() -> next.set(YieldBeforeRead.maybeYield(0))).join();
        // Which of the two depends on whether another thread waited for the carrier meanwhile.
        assertTrue(next.get() == 0 || next.get() == YieldBeforeRead.SKIP_AFTER_IDLE, "next " + next.get());
    }
}
