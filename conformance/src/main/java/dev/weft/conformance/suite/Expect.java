package dev.weft.conformance.suite;

import dev.weft.codec.frame.CloseCode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a conforming peer does in a case: the events it may produce (one list per acceptable
 * outcome, each with its verdict) and how the connection must end.
 *
 * @param outcomes      acceptable event lists in order of preference, each with the verdict it earns
 *                      ({@link Verdict#OK} first, then perhaps {@link Verdict#NON_STRICT})
 * @param close         how the connection must end
 * @param informational whether the RFC leaves the outcome open: then the case reports what happened
 *                      and judges only protocol violations
 * @param large         whether the case moves enough data to need the suite's long deadline
 */
public record Expect(Map<Verdict, List<Event>> outcomes, CloseRule close, boolean informational, boolean large) {

    /**
     * How the connection must end.
     *
     * @param byFuzzer     whether the fuzzer starts the closing handshake (otherwise the peer must
     *                     fail the connection)
     * @param codes        close codes the peer may send in its close frame; a close frame without
     *                     a code, or none at all where a clean close is not required, is also accepted
     * @param requireClean whether the full closing handshake must happen: both close frames, then
     *                     the server closes TCP
     */
    public record CloseRule(boolean byFuzzer, List<Integer> codes, boolean requireClean) {
        /** Copies the codes. */
        public CloseRule {
            codes = List.copyOf(codes);
        }

        /**
         * Returns a description for reports.
         *
         * @return one line
         */
        public String describe() {
            return (byFuzzer ? "the fuzzer closes" : "the peer fails the connection")
                    + " with " + codes + (requireClean ? ", cleanly" : ", clean or not");
        }
    }

    /** Copies the outcomes, keeping their order. */
    public Expect {
        Map<Verdict, List<Event>> copy = new LinkedHashMap<>();
        outcomes.forEach((v, events) -> copy.put(v, List.copyOf(events)));
        outcomes = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(close, "close");
    }

    /**
     * The peer answers with exactly these events; the fuzzer then closes with 1000 and the
     * closing handshake must be clean.
     *
     * @param events the replies, in order
     * @return the expectation
     */
    public static Expect replies(Event... events) {
        return new Expect(Map.of(Verdict.OK, List.of(events)),
                new CloseRule(true, List.of(CloseCode.NORMAL_CLOSURE), true), false, false);
    }

    /**
     * The peer answers with nothing; the fuzzer then closes with 1000, cleanly.
     *
     * @return the expectation
     */
    public static Expect noReply() {
        return replies();
    }

    /**
     * The peer must fail the connection with one of these codes (or by dropping TCP), having sent
     * nothing.
     *
     * @param codes the acceptable close codes
     * @return the expectation
     */
    public static Expect failure(int... codes) {
        return new Expect(Map.of(Verdict.OK, List.of()),
                new CloseRule(false, Arrays.stream(codes).boxed().toList(), false), false, false);
    }

    /**
     * The fuzzer closes (in the script) and the peer must answer with one of these codes.
     *
     * @param requireClean whether the handshake must be clean
     * @param codes        the acceptable codes
     * @return the expectation, with no events
     */
    public static Expect closeAnswered(boolean requireClean, int... codes) {
        return new Expect(Map.of(Verdict.OK, List.of()),
                new CloseRule(true, Arrays.stream(codes).boxed().toList(), requireClean), false, false);
    }

    /**
     * Returns a copy in which the OK outcome is these events.
     *
     * @param events the events of a strict peer
     * @return the copy
     */
    public Expect ok(Event... events) {
        Map<Verdict, List<Event>> m = new LinkedHashMap<>(outcomes);
        m.put(Verdict.OK, List.of(events));
        return new Expect(m, close, informational, large);
    }

    /**
     * Returns a copy that also accepts these events, as NON-STRICT.
     *
     * @param events the events of a lenient peer
     * @return the copy
     */
    public Expect orNonStrict(Event... events) {
        Map<Verdict, List<Event>> m = new LinkedHashMap<>(outcomes);
        m.put(Verdict.NON_STRICT, List.of(events));
        return new Expect(m, close, informational, large);
    }

    /**
     * Returns a copy whose outcome is only reported.
     *
     * @return the copy
     */
    public Expect asInformational() {
        return new Expect(outcomes, close, true, large);
    }

    /**
     * Returns a copy with the long deadline.
     *
     * @return the copy
     */
    public Expect asLarge() {
        return new Expect(outcomes, close, informational, true);
    }

    /**
     * Returns whether {@code events} equals every acceptable outcome, so the fuzzer may close now
     * (when outcomes differ, the fuzzer waits for the peer or the deadline instead).
     *
     * @param events what was received so far
     * @return whether all outcomes are met
     */
    public boolean allMet(List<Event> events) {
        for (List<Event> expected : outcomes.values()) {
            if (!expected.equals(events)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the verdict of the first outcome equal to {@code events}, or {@code null}.
     *
     * @param events what was received
     * @return the verdict earned, or {@code null} if no outcome matches
     */
    public Verdict match(List<Event> events) {
        for (Map.Entry<Verdict, List<Event>> e : outcomes.entrySet()) {
            if (e.getValue().equals(events)) {
                return e.getKey();
            }
        }
        return null;
    }
}
