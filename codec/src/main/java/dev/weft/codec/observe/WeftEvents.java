package dev.weft.codec.observe;

import java.util.List;

/**
 * Weft's JFR event types, and when to emit them. The first JFR event a JVM creates costs a
 * fraction of a second to a second when JFR is not running (JFR sets itself up for it), and
 * about 20 ms per event type when it is: neither may happen on an event loop under the first
 * connection. So events are made only while JFR is initialized ({@link #recording()}: nothing
 * could record them otherwise), and a transport calls {@link #prepare()} when it opens, which
 * registers the types if a recording is already running ({@code -XX:StartFlightRecording}).
 */
public final class WeftEvents {

    /** Every event type Weft emits. */
    public static final List<Class<? extends jdk.jfr.Event>> TYPES = List.of(ConnectionOpened.class,
            ConnectionClosed.class, HandshakeRejected.class, HttpExchange.class, MessageSize.class, SendQueueStall.class);

    private static volatile boolean prepared;

    private WeftEvents() {
    }

    /**
     * Returns whether JFR is up in this JVM, so that an event could be recorded: a cheap check to
     * make before creating one.
     *
     * @return whether JFR has been initialized (a recording was started at some point)
     */
    public static boolean recording() {
        return jdk.jfr.FlightRecorder.isInitialized();
    }

    /**
     * Registers the event types with JFR if JFR is running, once per JVM; otherwise, and on later
     * calls, returns at once. Never throws.
     */
    public static void prepare() {
        if (prepared || !recording()) {
            return;
        }
        synchronized (WeftEvents.class) {
            if (prepared) {
                return;
            }
            try {
                for (Class<? extends jdk.jfr.Event> type : TYPES) {
                    jdk.jfr.FlightRecorder.register(type);
                }
            } catch (RuntimeException | Error e) {
                // JFR unavailable or refused (a minimal runtime): events are then simply not recorded.
                System.getLogger("dev.weft.codec").log(System.Logger.Level.DEBUG, "JFR events not registered", e);
            }
            prepared = true;
        }
    }
}
