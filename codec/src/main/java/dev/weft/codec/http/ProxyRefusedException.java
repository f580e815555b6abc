package dev.weft.codec.http;

import java.io.IOException;

/** An HTTP proxy would not open the tunnel: it refused, or its answer made no sense. */
public final class ProxyRefusedException extends IOException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** The proxy's status, or 0 if its answer was malformed. */
    private final int status;

    /**
     * Creates the exception.
     *
     * @param status  the proxy's status, or 0 if its answer was malformed
     * @param message what the proxy answered, in words a user can act on
     */
    public ProxyRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * Returns the proxy's status.
     *
     * @return such as 407 or 403, or 0 for a malformed answer
     */
    public int status() {
        return status;
    }
}
