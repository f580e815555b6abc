package dev.weft.conformance.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * What the fuzzer saw and did on one connection, written by the reader thread and the script
 * thread, and read by the script thread to decide what to do next. Every method is thread-safe;
 * {@link #snapshot()} gives a consistent copy.
 */
public final class Observation {

    /** The most wire-log lines kept; a case that moves thousands of frames keeps its first ones. */
    public static final int MAX_WIRE_LINES = 400;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long startNanos = System.nanoTime();

    private long version;
    private final List<Event> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> wire = new ArrayList<>();
    private int wireDropped;
    private int barrierPongs;

    private boolean closeSent;
    private boolean closedByMe;
    private Integer localCloseCode;
    private boolean closeReceived;
    private Integer remoteCloseCode;
    private String remoteCloseReason;
    private boolean peerEnded;
    private String endReason;
    private boolean droppedByMe;
    private String timeoutNote;

    /**
     * A consistent copy of an observation.
     *
     * @param version           a counter that grows with every change
     * @param events            what the peer sent, in order
     * @param violations        protocol rules the peer broke, in words
     * @param wire              the wire log: frames in both directions and connection events
     * @param barrierPongs      pongs received for {@link Step.Barrier} pings
     * @param closeSent         whether the fuzzer sent a close frame (a reply counts)
     * @param closedByMe        whether the fuzzer started the closing handshake
     * @param localCloseCode    the code of the fuzzer's close frame, or {@code null}
     * @param closeReceived     whether the peer sent a close frame
     * @param remoteCloseCode   its code, or {@code null} if it had none
     * @param remoteCloseReason its reason, or {@code null}
     * @param peerEnded         whether the peer ended TCP (end of stream or reset)
     * @param endReason         how TCP ended, in words
     * @param droppedByMe       whether the fuzzer dropped TCP
     * @param timeoutNote       which wait ran out, if one did
     * @param elapsedMillis     milliseconds since the observation began
     */
    public record Snapshot(long version, List<Event> events, List<String> violations, List<String> wire,
                           int barrierPongs, boolean closeSent, boolean closedByMe, Integer localCloseCode,
                           boolean closeReceived, Integer remoteCloseCode, String remoteCloseReason,
                           boolean peerEnded, String endReason, boolean droppedByMe, String timeoutNote,
                           long elapsedMillis) {

        /**
         * Returns whether TCP is gone, whoever ended it.
         *
         * @return whether the connection is over
         */
        public boolean ended() {
            return peerEnded || droppedByMe;
        }
    }

    /**
     * Returns a consistent copy.
     *
     * @return the copy
     */
    public Snapshot snapshot() {
        lock.lock();
        try {
            List<String> log = new ArrayList<>(wire);
            if (wireDropped > 0) {
                log.add("... " + wireDropped + " more lines not kept");
            }
            return new Snapshot(version, List.copyOf(events), List.copyOf(violations), log, barrierPongs,
                    closeSent, closedByMe, localCloseCode, closeReceived, remoteCloseCode, remoteCloseReason,
                    peerEnded, endReason, droppedByMe, timeoutNote, elapsedMillis());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code condition} holds or the deadline passes.
     *
     * @param condition     tested on fresh snapshots
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return whether the condition holds
     */
    public boolean awaitUntil(Predicate<Snapshot> condition, long deadlineNanos) {
        while (true) {
            Snapshot s = snapshot();
            if (condition.test(s)) {
                return true;
            }
            if (!awaitChange(s.version(), deadlineNanos)) {
                return condition.test(snapshot());
            }
        }
    }

    /**
     * Waits until something changes after {@code seenVersion}, or the deadline passes.
     *
     * @param seenVersion   the version already looked at
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return whether something changed
     */
    public boolean awaitChange(long seenVersion, long deadlineNanos) {
        lock.lock();
        try {
            while (version == seenVersion) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    void event(Event e) {
        update(() -> events.add(e));
    }

    void violation(String what) {
        update(() -> {
            violations.add(what);
            log("!! " + what);
        });
    }

    void wire(String line) {
        update(() -> log(line));
    }

    void barrierPong() {
        update(() -> barrierPongs++);
    }

    /**
     * Records a close frame sent by the fuzzer.
     *
     * @param code    its code, or {@code null} for an empty payload
     * @param opening whether it starts the closing handshake (rather than answering the peer's)
     */
    void closeSent(Integer code, boolean opening) {
        update(() -> {
            if (!closeSent) {
                closeSent = true;
                localCloseCode = code;
                closedByMe = opening && !closeReceived;
            }
        });
    }

    void closeReceived(Integer code, String reason) {
        update(() -> {
            if (!closeReceived) {
                closeReceived = true;
                remoteCloseCode = code;
                remoteCloseReason = reason;
            }
        });
    }

    void peerEnded(String how) {
        update(() -> {
            if (!peerEnded && !droppedByMe) {
                peerEnded = true;
                endReason = how;
                log("-- peer ended TCP: " + how);
            }
        });
    }

    void droppedByMe(String why) {
        update(() -> {
            if (!peerEnded && !droppedByMe) {
                droppedByMe = true;
                endReason = "the fuzzer dropped TCP: " + why;
                log("-- fuzzer dropped TCP: " + why);
            }
        });
    }

    void timeout(String note) {
        update(() -> {
            if (timeoutNote == null) {
                timeoutNote = note;
            }
        });
    }

    /**
     * Returns whether the fuzzer has sent a close frame; for the reader thread's decisions.
     *
     * @return whether a close frame went out
     */
    boolean hasSentClose() {
        lock.lock();
        try {
            return closeSent;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns whether a close frame has come in.
     *
     * @return whether the peer's close frame arrived
     */
    boolean hasReceivedClose() {
        lock.lock();
        try {
            return closeReceived;
        } finally {
            lock.unlock();
        }
    }

    private void log(String line) {
        if (wire.size() < MAX_WIRE_LINES) {
            wire.add(String.format("%6d ms  %s", elapsedMillis(), line));
        } else {
            wireDropped++;
        }
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private void update(Runnable change) {
        lock.lock();
        try {
            change.run();
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
