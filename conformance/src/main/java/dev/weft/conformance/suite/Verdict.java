package dev.weft.conformance.suite;

/**
 * How a case went, in the Autobahn|Testsuite's words: the verdict on what the peer did
 * ({@code behavior}) and the overall verdict of a case.
 *
 * <ul>
 *   <li>{@link #OK}: the peer did what the RFC asks, strictly.</li>
 *   <li>{@link #NON_STRICT}: the peer did something the RFC allows but that is less than the best
 *       behaviour, such as failing the connection late instead of at once.</li>
 *   <li>{@link #INFORMATIONAL}: the RFC leaves the outcome open; what happened is reported, not
 *       judged.</li>
 *   <li>{@link #FAILED}: the peer broke the RFC, or did not do what it must in time.</li>
 * </ul>
 */
public enum Verdict {
    /** Strictly as the RFC asks. */
    OK("OK"),
    /** Allowed, but not the best behaviour. */
    NON_STRICT("NON-STRICT"),
    /** Undefined by the RFC; reported only. */
    INFORMATIONAL("INFORMATIONAL"),
    /** Against the RFC. */
    FAILED("FAILED");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /**
     * Returns the label used in reports, as Autobahn writes it ({@code NON-STRICT}, ...).
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * Returns whether a verdict label from a report counts as a pass: {@code OK},
     * {@code NON-STRICT} and {@code INFORMATIONAL} do; anything else ({@code FAILED},
     * {@code WRONG CODE}, {@code UNCLEAN}, {@code FAILED BY CLIENT}, {@code UNIMPLEMENTED}, a
     * missing label) does not.
     *
     * @param label a {@code behavior} or {@code behaviorClose} value, possibly {@code null}
     * @return whether it passes
     */
    public static boolean passes(String label) {
        return OK.label.equals(label) || NON_STRICT.label.equals(label) || INFORMATIONAL.label.equals(label);
    }
}
