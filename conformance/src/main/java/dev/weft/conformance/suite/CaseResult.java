package dev.weft.conformance.suite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one case went against one peer.
 *
 * @param id                the case number
 * @param description       what was sent
 * @param expectation       what a conforming peer does
 * @param behavior          the verdict on what the peer sent
 * @param behaviorClose     the verdict on how the connection ended
 * @param result            why {@code behavior}, in words
 * @param resultClose       why {@code behaviorClose}, in words
 * @param expected          the acceptable outcomes, by verdict label, each a list of event descriptions
 * @param expectedClose     how the connection had to end, in words
 * @param received          what the peer sent, as event descriptions
 * @param violations        protocol rules the peer broke
 * @param durationMillis    how long the case took, opening handshake included
 * @param closedByMe        whether the fuzzer started the closing handshake
 * @param droppedByMe       whether the fuzzer dropped TCP
 * @param wasClean          whether the closing handshake was complete and TCP ended properly
 * @param localCloseCode    the code of the fuzzer's close frame, or {@code null}
 * @param remoteCloseCode   the code of the peer's close frame, or {@code null}
 * @param remoteCloseReason the reason of the peer's close frame, or {@code null}
 * @param endReason         how TCP ended
 * @param wire              the wire log
 */
public record CaseResult(String id, String description, String expectation, Verdict behavior,
                         CloseVerdict behaviorClose, String result, String resultClose,
                         Map<String, List<String>> expected, String expectedClose, List<String> received,
                         List<String> violations, long durationMillis, boolean closedByMe, boolean droppedByMe,
                         boolean wasClean, Integer localCloseCode, Integer remoteCloseCode,
                         String remoteCloseReason, String endReason, List<String> wire) {

    /**
     * Returns the case's overall verdict: {@link Verdict#FAILED} if either part failed, otherwise
     * the behaviour verdict.
     *
     * @return the verdict
     */
    public Verdict verdict() {
        if (behavior == Verdict.FAILED
                || (behaviorClose != CloseVerdict.OK && behaviorClose != CloseVerdict.INFORMATIONAL)) {
            return Verdict.FAILED;
        }
        return behavior;
    }

    /**
     * Returns the case in the shape of an Autobahn per-case report file (the fields that the
     * native suite has), so that one reader serves both reports.
     *
     * @param agent the peer's name
     * @return a JSON-ready map
     */
    public Map<String, Object> toJson(String agent) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", agent);
        m.put("id", id);
        m.put("description", description);
        m.put("expectation", expectation);
        m.put("behavior", behavior.label());
        m.put("behaviorClose", behaviorClose.label());
        m.put("verdict", verdict().label());
        m.put("result", result);
        m.put("resultClose", resultClose);
        m.put("expected", expected);
        m.put("expectedClose", expectedClose);
        m.put("received", received);
        m.put("violations", violations);
        m.put("duration", durationMillis);
        m.put("closedByMe", closedByMe);
        m.put("droppedByMe", droppedByMe);
        m.put("wasClean", wasClean);
        m.put("localCloseCode", localCloseCode);
        m.put("remoteCloseCode", remoteCloseCode);
        m.put("remoteCloseReason", remoteCloseReason);
        m.put("tcpEnd", endReason);
        m.put("wirelog", wire);
        return m;
    }

    /**
     * Returns a few lines for a console: the verdicts, the reasons, what was expected and seen.
     *
     * @return the lines, without a final newline
     */
    public String details() {
        StringBuilder s = new StringBuilder();
        s.append("case ").append(id).append(": ").append(verdict().label())
                .append(" (behavior ").append(behavior.label()).append(", close ").append(behaviorClose.label()).append(")\n");
        s.append("  sent:     ").append(oneLine(description)).append('\n');
        s.append("  expected: ").append(oneLine(expectation)).append('\n');
        expected.forEach((v, events) -> s.append("            ").append(v).append(" = ").append(events).append('\n'));
        s.append("            close: ").append(expectedClose).append('\n');
        s.append("  observed: ").append(received).append('\n');
        s.append("            ").append(result).append('\n');
        s.append("            close: ").append(resultClose).append(" (peer code ").append(remoteCloseCode)
                .append(", ").append(endReason).append(")");
        for (String v : violations) {
            s.append("\n  violation: ").append(v);
        }
        return s.toString();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }
}
