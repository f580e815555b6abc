package dev.weft.benchmarks.load;

import java.io.Serial;

/**
 * The load could not be measured because a server misbehaved or the machine could not carry it:
 * an echo differs from what was sent, is missing, or a connection closed early; a server did not
 * start; the file or port limits are too low for the connections asked for. The message says
 * which server, which connection and what happened, in one line where it can.
 */
public final class LoadFailure extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates a failure.
     *
     * @param message what went wrong
     */
    public LoadFailure(String message) {
        super(message);
    }

    /**
     * Creates a failure with a cause.
     *
     * @param message what went wrong
     * @param cause   the exception behind it
     */
    public LoadFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
