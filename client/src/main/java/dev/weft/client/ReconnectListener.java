package dev.weft.client;

import java.time.Duration;

/** Hears about automatic reconnects. Every method has a no-op default. */
public interface ReconnectListener {

    /**
     * The connection was lost and an attempt to reconnect is scheduled.
     *
     * @param attempt the attempt number, from 1
     * @param delay   how long until the attempt
     * @param cause   why the last connection or attempt ended
     */
    default void onReconnecting(int attempt, Duration delay, Throwable cause) {
    }

    /**
     * Every attempt failed; the client has stopped trying.
     *
     * @param cause the last failure
     */
    default void onGiveUp(Throwable cause) {
    }
}
