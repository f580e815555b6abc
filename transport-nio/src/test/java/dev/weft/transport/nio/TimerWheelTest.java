package dev.weft.transport.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wheel fires each timer once, never early, at most a tick late, and forgets cancelled ones. */
class TimerWheelTest {

    private static final long TICK = TimerWheel.TICK_NANOS;
    private final List<String> fired = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final long start = 1_000_000 * TICK + 3;
    private final TimerWheel wheel = new TimerWheel(start, (t, e) -> failures.add(e));

    private final class Named extends TimerWheel.Timer {
        final String name;
        Runnable then = () -> { };

        Named(String name) {
            this.name = name;
        }

        @Override
        void expire(long now) {
            fired.add(name);
            then.run();
        }
    }

    @Test
    void firesAtTheDeadlineAndNotBefore() {
        Named a = new Named("a");
        wheel.schedule(a, start + 5 * TICK + 1);
        wheel.advance(start + 5 * TICK);
        assertEquals(List.of(), fired, "not early");
        wheel.advance(start + 5 * TICK + 1);
        assertEquals(List.of("a"), fired);
        assertFalse(a.isScheduled());
        assertTrue(wheel.isEmpty());
        wheel.advance(start + 10 * TICK);
        assertEquals(List.of("a"), fired, "once");
    }

    @Test
    void aDeadlineBeyondOneTurnOfTheWheelWaitsForIt() {
        Named far = new Named("far");
        long due = start + (TimerWheel.SLOTS + 7) * TICK;
        wheel.schedule(far, due);
        for (long t = start; t < due; t += TICK) {
            wheel.advance(t);
        }
        assertEquals(List.of(), fired, "the slot came round once before its turn");
        wheel.advance(due);
        assertEquals(List.of("far"), fired);
    }

    @Test
    void cancelledAndMovedTimersFireOnlyWhereTheyAre() {
        Named a = new Named("a");
        Named b = new Named("b");
        Named c = new Named("c");
        wheel.schedule(a, start + 2 * TICK);
        wheel.schedule(b, start + 2 * TICK);
        wheel.schedule(c, start + 2 * TICK);
        wheel.cancel(b);
        wheel.schedule(c, start + 40 * TICK);
        assertEquals(2, wheel.size());
        wheel.advance(start + 3 * TICK);
        assertEquals(List.of("a"), fired);
        wheel.advance(start + 40 * TICK);
        assertEquals(List.of("a", "c"), fired);
        assertTrue(wheel.isEmpty());
    }

    @Test
    void aTimerThatCancelsAnotherDueOneStopsIt() {
        Named a = new Named("a");
        Named b = new Named("b");
        wheel.schedule(a, start + TICK);
        wheel.schedule(b, start + TICK);
        a.then = () -> wheel.cancel(b);
        b.then = () -> wheel.cancel(a);
        wheel.advance(start + 2 * TICK);
        assertEquals(1, fired.size(), "whichever fired first cancelled the other: " + fired);
    }

    @Test
    void aTimerMayRescheduleItselfAndAFailureStopsOnlyItself() {
        Named again = new Named("again");
        Named bad = new Named("bad");
        Named good = new Named("good");
        again.then = () -> {
            if (fired.stream().filter("again"::equals).count() == 1) {
                wheel.schedule(again, start); // in the past: next advance, not this one
            }
        };
        bad.then = () -> {
            throw new IllegalStateException("boom");
        };
        wheel.schedule(again, start + TICK);
        wheel.schedule(bad, start + TICK);
        wheel.schedule(good, start + TICK);
        wheel.advance(start + TICK);
        assertEquals(3, fired.size());
        assertEquals(1, failures.size());
        assertEquals(1, wheel.size());
        wheel.advance(start + TICK);
        assertEquals(4, fired.size());
    }

    @Test
    void theLoopSleepsWithoutTimersAndWakesForTheTickWithThem() {
        assertEquals(0, wheel.millisToNextTick(start), "nothing scheduled: block until woken");
        wheel.schedule(new Named("x"), start + 100 * TICK);
        long wait = wheel.millisToNextTick(start);
        assertTrue(wait >= 1 && wait <= java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(TICK) + 1, "wait " + wait);
    }

    @Test
    void aLongAbsenceStillFiresEverythingDue() {
        for (int i = 0; i < 3000; i++) {
            wheel.schedule(new Named("t" + i), start + i * TICK / 3);
        }
        wheel.advance(start + 5000 * TICK);
        assertEquals(3000, fired.size());
        assertTrue(wheel.isEmpty());
    }
}
