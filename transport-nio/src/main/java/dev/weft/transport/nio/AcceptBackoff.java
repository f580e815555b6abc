package dev.weft.transport.nio;

/**
 * How long an acceptor pauses after {@code accept} fails, and when it says so. Running out of file
 * descriptors (EMFILE, ENFILE) or kernel buffers (ENOBUFS) lasts until some connection closes;
 * retrying at once would only spin. The pause starts at {@value #FIRST_PAUSE_MILLIS} ms and
 * doubles, up to {@value #LONGEST_PAUSE_MILLIS} ms, while failures follow each other.
 *
 * <p>One line is logged when a run of failures starts and one when accepting works again (with
 * how many attempts failed meanwhile), so an fd flood is two log lines, not thousands a second.
 * Not thread-safe: one acceptor thread uses it.
 */
final class AcceptBackoff {

    static final long FIRST_PAUSE_MILLIS = 100;
    static final long LONGEST_PAUSE_MILLIS = 1_000;

    private long pause;
    private long failures;

    /**
     * Records a failed accept and returns how long to pause before the next.
     *
     * @param cause what accept threw
     * @param what  names the listener, for the log
     * @return the pause, in milliseconds
     */
    long failed(Throwable cause, String what) {
        failures++;
        if (pause == 0) {
            pause = FIRST_PAUSE_MILLIS;
            SafeLog.log(System.Logger.Level.WARNING, what + " failed (" + describe(cause) + "); pausing accepts for "
                    + FIRST_PAUSE_MILLIS + " ms, up to " + LONGEST_PAUSE_MILLIS + " ms while it lasts");
        } else {
            pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        }
        return pause;
    }

    /** Records a successful accept; ends a run of failures, saying so once. */
    void succeeded() {
        if (pause != 0) {
            SafeLog.log(System.Logger.Level.WARNING, "accepting again after " + failures + " failed attempt(s)");
            pause = 0;
            failures = 0;
        }
    }

    /** Whether accepts are failing now. */
    boolean inBackoff() {
        return pause != 0;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
