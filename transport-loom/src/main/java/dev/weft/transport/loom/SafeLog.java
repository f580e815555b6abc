package dev.weft.transport.loom;

/**
 * The transport's log, made safe to call from an event loop: whatever the logging backend throws
 * (a handler out of memory, a formatter whose time-zone data cannot load because descriptors ran
 * out) is dropped here, so that a log line can never end the loop that every connection on it
 * needs.
 */
final class SafeLog {

    private static final System.Logger LOG = System.getLogger("dev.weft.transport.loom");

    private SafeLog() {
    }

    /**
     * Loads now what the first log line would load lazily: the logging backend and the time
     * zone's rules, which a log record's timestamp needs and which come from a file. Under an fd
     * flood, that file cannot be opened, and the line is lost; called when the transport opens,
     * so that it can be.
     */
    static void prepare() {
        try {
            LOG.isLoggable(System.Logger.Level.INFO);
            java.time.ZoneId.systemDefault().getRules();
            java.time.ZonedDateTime.now().toString();
        } catch (Throwable ignored) {
            // logging stays best effort
        }
    }

    static boolean isLoggable(System.Logger.Level level) {
        try {
            return LOG.isLoggable(level);
        } catch (Throwable t) {
            return false;
        }
    }

    static void log(System.Logger.Level level, String message) {
        try {
            LOG.log(level, message);
        } catch (Throwable ignored) {
            // a lost log line costs less than a lost loop
        }
    }

    static void log(System.Logger.Level level, String message, Throwable error) {
        try {
            LOG.log(level, message, error);
        } catch (Throwable ignored) {
            // a lost log line costs less than a lost loop
        }
    }
}
