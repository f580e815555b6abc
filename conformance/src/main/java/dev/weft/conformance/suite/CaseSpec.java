package dev.weft.conformance.suite;

import java.util.List;
import java.util.Objects;

/**
 * One case of the catalogue: what it sends and what a conforming peer does.
 *
 * @param id          the Autobahn case number, such as {@code 6.4.3}
 * @param description what the fuzzer sends, in words
 * @param expectation what a conforming peer does, in words
 * @param steps       the script
 * @param expect      the acceptable outcomes
 * @param deflate     what permessage-deflate the fuzzer offers or accepts (sections 12 and 13), or
 *                    {@code null} for none
 */
public record CaseSpec(String id, String description, String expectation, List<Step> steps, Expect expect,
                       DeflateTerms deflate) {

    /**
     * Creates a case without compression.
     *
     * @param id          the Autobahn case number
     * @param description what the fuzzer sends
     * @param expectation what a conforming peer does
     * @param steps       the script
     * @param expect      the acceptable outcomes
     */
    public CaseSpec(String id, String description, String expectation, List<Step> steps, Expect expect) {
        this(id, description, expectation, steps, expect, null);
    }

    /** Checks and copies the components. */
    public CaseSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(expectation, "expectation");
        steps = List.copyOf(steps);
        Objects.requireNonNull(expect, "expect");
    }

    /**
     * Returns the section: the first component of the id.
     *
     * @return for example {@code 6}
     */
    public int section() {
        return Integer.parseInt(id.substring(0, id.indexOf('.')));
    }
}
