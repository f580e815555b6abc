package dev.weft.codec.internal;

/**
 * A transport's log, made safe to call from an event loop or a connection's reader: whatever the
 * logging backend throws (a handler out of memory, a formatter whose time-zone data cannot load
 * because descriptors ran out) is dropped here, so that a log line can never end the loop or the
 * thread that connections need.
 *
 * <p>Each transport keeps one, named after its package, so that users can tune the transports'
 * logs apart. Thread-safe: it holds only the {@link System.Logger}.
 */
public final class SafeLog {

    private final System.Logger log;

    /**
     * A log on the {@link System.Logger} named {@code name}.
     *
     * @param name the logger's name, e.g. {@code dev.weft.transport.nio}
     */
    public SafeLog(String name) {
        this.log = System.getLogger(name);
    }

    /**
     * Loads now what the first log line would load lazily: the logging backend and the time
     * zone's rules, which a log record's timestamp needs and which come from a file. Under an fd
     * flood, that file cannot be opened, and the line is lost; called when the transport opens,
     * so that it can be.
     */
    public void prepare() {
        try {
            log.isLoggable(System.Logger.Level.INFO);
            java.time.ZoneId.systemDefault().getRules();
            java.time.ZonedDateTime.now().toString();
        } catch (Throwable ignored) {
            // logging stays best effort
        }
    }

    /**
     * Whether a line at {@code level} would be logged, to check before building a costly line.
     *
     * @param level the line's level
     * @return whether it would be logged; {@code false} if the backend fails
     */
    public boolean isLoggable(System.Logger.Level level) {
        try {
            return log.isLoggable(level);
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Logs {@code message}, or drops it if the backend fails.
     *
     * @param level   the line's level
     * @param message the line
     */
    public void log(System.Logger.Level level, String message) {
        try {
            log.log(level, message);
        } catch (Throwable ignored) {
            // a lost log line costs less than a lost loop
        }
    }

    /**
     * Logs {@code message} with {@code error}, or drops both if the backend fails.
     *
     * @param level   the line's level
     * @param message the line
     * @param error   what went wrong, logged with its stack trace
     */
    public void log(System.Logger.Level level, String message, Throwable error) {
        try {
            log.log(level, message, error);
        } catch (Throwable ignored) {
            // a lost log line costs less than a lost loop
        }
    }
}
