package dev.weft.benchmarks.report;

/** What a measured subject is to the reader: the thing under test, a competitor, or a limit. */
public enum Role {
    /** Weft itself (any transport or code path). */
    WEFT,
    /** Another library doing the same job: Netty, Helidon, the JDK's own decoder. */
    PEER,
    /** A physical limit the job cannot beat, such as {@code System.arraycopy} of the same bytes. */
    BASELINE,
    /** A plain reference implementation, shown for scale but not a target. */
    REFERENCE
}
