package dev.weft.codec.internal;

/**
 * How long an acceptor pauses after {@code accept} fails, and when it says so. Running out of file
 * descriptors (EMFILE, ENFILE) or kernel buffers (ENOBUFS) lasts until some connection closes;
 * retrying at once would only spin. The pause starts at {@value #FIRST_PAUSE_MILLIS} ms and
 * doubles, up to {@value #LONGEST_PAUSE_MILLIS} ms, while failures follow each other.
 *
 * <p>One line is logged when a run of failures starts and one when accepting works again (with
 * how many attempts failed meanwhile), so an fd flood is two log lines, not thousands a second.
 * Both transports' acceptors use it, each with its own log. Not thread-safe: one acceptor thread
 * uses it.
 */
public final class AcceptBackoff {

    /** The first pause after a failed accept, in milliseconds. */
    public static final long FIRST_PAUSE_MILLIS = 100;
    /** The longest pause, reached by doubling while failures follow each other, in milliseconds. */
    public static final long LONGEST_PAUSE_MILLIS = 1_000;

    private final SafeLog log;
    private long pause;
    private long failures;

    /**
     * A back-off that says what happens through {@code log}.
     *
     * @param log where the start and the end of a run of failures are said
     */
    public AcceptBackoff(SafeLog log) {
        this.log = log;
    }

    /**
     * Records a failed accept and returns how long to pause before the next.
     *
     * @param cause what accept threw
     * @param what  names the listener, for the log
     * @return the pause, in milliseconds
     */
    public long failed(Throwable cause, String what) {
        failures++;
        if (pause == 0) {
            pause = FIRST_PAUSE_MILLIS;
            log.log(System.Logger.Level.WARNING, what + " failed (" + describe(cause) + "); pausing accepts for "
                    + FIRST_PAUSE_MILLIS + " ms, up to " + LONGEST_PAUSE_MILLIS + " ms while it lasts");
        } else {
            pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        }
        return pause;
    }

    /** Records a successful accept; ends a run of failures, saying so once. */
    public void succeeded() {
        if (pause != 0) {
            log.log(System.Logger.Level.WARNING, "accepting again after " + failures + " failed attempt(s)");
            pause = 0;
            failures = 0;
        }
    }

    /**
     * Whether accepts are failing now.
     *
     * @return {@code true} between a failed accept and the next one that works
     */
    public boolean inBackoff() {
        return pause != 0;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
