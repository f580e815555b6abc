package dev.weft.conformance.suite;

/**
 * The verdict on how a case's connection ended ({@code behaviorClose} in an Autobahn report).
 */
public enum CloseVerdict {
    /** The connection ended as the case expects. */
    OK("OK"),
    /** The case does not judge the ending. */
    INFORMATIONAL("INFORMATIONAL"),
    /** The wrong endpoint started the close, or the peer never failed the connection it had to fail. */
    FAILED("FAILED"),
    /** The case needs a clean closing handshake (both close frames, then the server drops TCP) and did not get one. */
    UNCLEAN("UNCLEAN"),
    /** The peer's close frame carried a code the case does not allow. */
    WRONG_CODE("WRONG CODE"),
    /** The fuzzer, a client, had to drop TCP because the server did not (RFC 6455 §7.1.1: the server closes TCP first). */
    FAILED_BY_CLIENT("FAILED BY CLIENT");

    private final String label;

    CloseVerdict(String label) {
        this.label = label;
    }

    /**
     * Returns the label used in reports.
     *
     * @return the label, as Autobahn writes it
     */
    public String label() {
        return label;
    }
}
