package dev.weft.transport.nio;

import java.util.concurrent.TimeUnit;

/**
 * A hashed timer wheel: the deadlines of one event loop's channels, kept so that a connection
 * without a due deadline costs nothing per turn. A timer lives in the slot of the tick its
 * deadline falls in (modulo the wheel's size); each turn looks only at the slots whose ticks have
 * passed, so the work per turn depends on what is due, not on how many connections are open.
 * Scheduling and cancelling are O(1): a timer is a node of its slot's doubly linked list, and the
 * node is the timer itself, so an idle connection's timer is no extra object.
 *
 * <p>A deadline later than {@link #SLOTS} ticks away waits in its slot for whole turns of the
 * wheel; each pass compares it with the time and leaves it, which costs one comparison per timer
 * per {@code SLOTS * TICK} (about ten seconds).
 *
 * <p>Timers fire up to one tick late, never early. Owned by one thread (its loop's); not thread-safe.
 */
final class TimerWheel {

    /** The wheel's resolution: timers here guard deadlines of hundreds of milliseconds and more. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final int SLOTS = 1024;
    private static final int MASK = SLOTS - 1;

    /** Something with a deadline; extended by what the wheel schedules. */
    abstract static class Timer {
        private Timer prev;
        private Timer next;
        /** The slot this timer is linked into, or -1 when it is not scheduled. */
        private int slot = -1;
        private long deadline;
        /** The next timer due in the same advance, while this one waits to fire. */
        private Timer firing;
        /** Whether this timer was taken out to fire in the current advance and not cancelled since. */
        private boolean pending;

        /** Called on the loop's thread once the deadline has passed; the timer is unscheduled by then. */
        abstract void expire(long now);

        final boolean isScheduled() {
            return slot >= 0;
        }

        /** The deadline this timer is scheduled for; meaningful only while {@link #isScheduled()}. */
        final long deadline() {
            return deadline;
        }
    }

    /** Told about a timer whose {@link Timer#expire} threw, so that one failure does not stop the others. */
    interface FailureHandler {
        void failed(Timer timer, Throwable failure);
    }

    private final Timer[] heads = new Timer[SLOTS];
    private final FailureHandler onFailure;
    /** The first tick that has not wholly passed: its slot is looked at on every advance. */
    private long currentTick;
    private int size;

    TimerWheel(long now, FailureHandler onFailure) {
        this.currentTick = tickOf(now);
        this.onFailure = onFailure;
    }

    /** Schedules {@code timer} for {@code deadline} (on {@link System#nanoTime()}'s clock), moving it if already scheduled. O(1). */
    void schedule(Timer timer, long deadline) {
        timer.pending = false;
        if (timer.slot >= 0) {
            unlink(timer);
        }
        long tick = tickOf(deadline);
        if (tick - currentTick < 0) {
            tick = currentTick; // already due: the next advance fires it
        }
        int slot = (int) (tick & MASK);
        timer.deadline = deadline;
        timer.slot = slot;
        timer.prev = null;
        timer.next = heads[slot];
        if (timer.next != null) {
            timer.next.prev = timer;
        }
        heads[slot] = timer;
        size++;
    }

    /** Unschedules {@code timer}; nothing happens if it is not scheduled. O(1). */
    void cancel(Timer timer) {
        timer.pending = false;
        if (timer.slot >= 0) {
            unlink(timer);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /**
     * Returns how long the loop may block before the current tick ends, in milliseconds (at least
     * 1), or 0 when no timer is scheduled and the loop may block until woken.
     */
    long millisToNextTick(long now) {
        if (size == 0) {
            return 0;
        }
        long left = (currentTick + 1) * TICK_NANOS - now;
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
    }

    /** Fires every timer whose deadline is at or before {@code now}. */
    void advance(long now) {
        if (size == 0) {
            currentTick = tickOf(now);
            return;
        }
        long target = tickOf(now);
        long from = currentTick;
        if (target - from > 0) {
            // Moved first: a timer that an expire() below schedules in the past lands in the
            // target's slot, which the next advance looks at, not in a slot already passed.
            currentTick = target;
        }
        if (target - from >= SLOTS) {
            // The loop was away for a whole turn of the wheel: every slot once is enough.
            for (int slot = 0; slot < SLOTS; slot++) {
                expireDue(slot, now);
            }
        } else {
            for (long tick = from; tick - target <= 0; tick++) {
                expireDue((int) (tick & MASK), now);
            }
        }
    }

    private void expireDue(int slot, long now) {
        // Take the due timers out first, then fire them: a timer that expire() schedules again
        // (even into this slot) waits for the next advance instead of firing twice in this one.
        Timer due = null;
        Timer t = heads[slot];
        while (t != null) {
            Timer next = t.next;
            if (t.deadline - now <= 0) {
                unlink(t);
                t.firing = due;
                t.pending = true;
                due = t;
            }
            t = next;
        }
        while (due != null) {
            Timer fire = due;
            due = fire.firing;
            fire.firing = null;
            if (!fire.pending || fire.slot >= 0) {
                fire.pending = false;
                continue; // cancelled or scheduled again by an earlier one's expire(): that decides
            }
            fire.pending = false;
            try {
                fire.expire(now);
            } catch (Throwable failure) {
                onFailure.failed(fire, failure);
            }
        }
    }

    private void unlink(Timer timer) {
        if (timer.prev != null) {
            timer.prev.next = timer.next;
        } else {
            heads[timer.slot] = timer.next;
        }
        if (timer.next != null) {
            timer.next.prev = timer.prev;
        }
        timer.prev = null;
        timer.next = null;
        timer.slot = -1;
        size--;
    }

    private static long tickOf(long nanos) {
        return Math.floorDiv(nanos, TICK_NANOS);
    }
}
