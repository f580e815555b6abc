package dev.weft.codec.observe;

import java.util.List;

/**
 * Weft's JFR event types, and the one-time work of making them ready. The first JFR event a JVM
 * creates costs a fraction of a second to a second (JFR sets itself up); a transport calls
 * {@link #prepare()} when it opens so that this never happens on an event loop under the first
 * connection.
 */
public final class WeftEvents {

    /** Every event type Weft emits. */
    public static final List<Class<? extends jdk.jfr.Event>> TYPES = List.of(ConnectionOpened.class,
            ConnectionClosed.class, HandshakeRejected.class, HttpExchange.class, MessageSize.class, SendQueueStall.class);

    private static volatile boolean prepared;

    private WeftEvents() {
    }

    /** Registers the event types with JFR, once per JVM; later calls return at once. Never throws. */
    public static void prepare() {
        if (prepared) {
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
