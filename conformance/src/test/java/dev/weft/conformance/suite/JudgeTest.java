package dev.weft.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verdicts, with Autobahn's meanings: what the peer sent against the acceptable outcomes, and
 * how the connection ended against the case's closing rule.
 */
class JudgeTest {

    private static final Event HELLO = Event.Message.text("Hello");

    private static CaseSpec spec(Expect expect) {
        return new CaseSpec("0.1", "sent", "expected", List.of(Step.send(Frame.of(Frame.TEXT, "Hello"))), expect);
    }

    /** What a fuzzing client sees when the peer echoes and the closing handshake is clean. */
    private static Observation.Snapshot seen(List<Event> events, boolean closedByMe, Integer remoteCode, boolean peerEnded,
                                             boolean droppedByMe, List<String> violations) {
        return new Observation.Snapshot(1, events, violations, List.of(), 0, true, closedByMe, 1000, true, remoteCode, "",
                peerEnded, peerEnded ? "end of stream" : "dropped", droppedByMe, null, 5);
    }

    @Test
    void echoAndCleanCloseIsOk() {
        CaseResult r = CaseRunner.judge(spec(Expect.replies(HELLO)), seen(List.of(HELLO), true, 1000, true, false, List.of()), true, 5);
        assertEquals(Verdict.OK, r.behavior());
        assertEquals(CloseVerdict.OK, r.behaviorClose());
        assertEquals(Verdict.OK, r.verdict());
        assertTrue(r.wasClean());
    }

    @Test
    void aMissingEchoFails() {
        CaseResult r = CaseRunner.judge(spec(Expect.replies(HELLO)), seen(List.of(), true, 1000, true, false, List.of()), true, 5);
        assertEquals(Verdict.FAILED, r.behavior());
        assertEquals(Verdict.FAILED, r.verdict());
    }

    @Test
    void theLenientOutcomeIsNonStrict() {
        Expect e = Expect.failure(1002).ok(HELLO).orNonStrict();
        CaseResult r = CaseRunner.judge(spec(e), seen(List.of(), false, 1002, true, false, List.of()), true, 5);
        assertEquals(Verdict.NON_STRICT, r.verdict());
        assertEquals(CloseVerdict.OK, r.behaviorClose());
    }

    @Test
    void aPeerThatNeverFailsTheConnectionFails() {
        Observation.Snapshot s = new Observation.Snapshot(1, List.of(), List.of(), List.of(), 0, false, false, null, false,
                null, null, false, "dropped", true, "the peer did not fail the connection within 5000 ms", 5000);
        CaseResult r = CaseRunner.judge(spec(Expect.failure(1002)), s, false, 5000);
        assertEquals(CloseVerdict.FAILED, r.behaviorClose());
        assertEquals(Verdict.FAILED, r.verdict());
        assertTrue(r.resultClose().contains("did not fail"), r.resultClose());
    }

    @Test
    void aWrongCloseCodeFailsTheCase() {
        CaseResult r = CaseRunner.judge(spec(Expect.failure(1007)), seen(List.of(), false, 1002, true, false, List.of()), true, 5);
        assertEquals(CloseVerdict.WRONG_CODE, r.behaviorClose());
        assertEquals(Verdict.FAILED, r.behavior());
    }

    @Test
    void aServerThatLeavesTcpOpenIsUncleanOrFailedByClient() {
        Observation.Snapshot s = seen(List.of(HELLO), true, 1000, false, true, List.of());
        assertEquals(CloseVerdict.UNCLEAN, CaseRunner.judge(spec(Expect.replies(HELLO)), s, true, 5).behaviorClose());
        Observation.Snapshot failing = seen(List.of(), false, 1002, false, true, List.of());
        assertEquals(CloseVerdict.FAILED_BY_CLIENT, CaseRunner.judge(spec(Expect.failure(1002)), failing, true, 5).behaviorClose());
        // A fuzzing server drops TCP itself after the handshake; that is how it should be.
        assertEquals(CloseVerdict.OK, CaseRunner.judge(spec(Expect.replies(HELLO)), s, false, 5).behaviorClose());
    }

    @Test
    void theWrongEndpointClosingFails() {
        CaseResult r = CaseRunner.judge(spec(Expect.replies(HELLO)), seen(List.of(HELLO), false, 1000, true, false, List.of()), true, 5);
        assertEquals(CloseVerdict.FAILED, r.behaviorClose());
    }

    @Test
    void aProtocolViolationFailsEvenAMatchingCase() {
        CaseResult r = CaseRunner.judge(spec(Expect.replies(HELLO)),
                seen(List.of(HELLO), true, 1000, true, false, List.of("the server sent a masked frame (§5.1)")), true, 5);
        assertEquals(Verdict.FAILED, r.verdict());
        assertTrue(r.result().contains("masked"), r.result());
    }

    @Test
    void informationalCasesReportWithoutJudging() {
        Expect e = Expect.closeAnswered(false, 1000).ok(HELLO).orNonStrict().asInformational();
        CaseResult r = CaseRunner.judge(spec(e), seen(List.of(), true, 1002, true, false, List.of()), true, 5);
        assertEquals(Verdict.INFORMATIONAL, r.verdict());
        assertEquals(CloseVerdict.INFORMATIONAL, r.behaviorClose());
        assertTrue(r.result().contains("NON-STRICT outcome"), r.result());
    }

    @Test
    void passingLabelsAreAutobahns() {
        for (String pass : List.of("OK", "NON-STRICT", "INFORMATIONAL")) {
            assertTrue(Verdict.passes(pass), pass);
        }
        for (String fail : List.of("FAILED", "WRONG CODE", "UNCLEAN", "FAILED BY CLIENT", "UNIMPLEMENTED", "")) {
            assertTrue(!Verdict.passes(fail), fail);
        }
        assertTrue(!Verdict.passes(null));
    }
}
