package dev.weft.conformance.suite;

import dev.weft.codec.frame.CloseCode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays one case's script on an open connection, finishes the connection the way the case says
 * (close, or wait for the peer to fail it, or drop TCP at the deadline), and judges the outcome.
 *
 * <p>The ending follows Autobahn's fuzzer: when the case expects the fuzzer to close, it sends a
 * close frame with the first allowed code as soon as every acceptable outcome is met, or at the
 * deadline; when the peer must fail the connection, the fuzzer waits for that until the deadline
 * and then drops TCP. A fuzzing client waits for the server to close TCP after the closing
 * handshake and drops it itself only when the server does not.
 */
public final class CaseRunner {

    private final SuiteMode mode;

    /**
     * Creates a runner.
     *
     * @param mode sizes and waits
     */
    public CaseRunner(SuiteMode mode) {
        this.mode = mode;
    }

    /**
     * Runs a case on a connection whose handshake is done and whose reader is started, then closes
     * the connection.
     *
     * @param spec       the case
     * @param peer       the connection
     * @param startNanos when the case began (before the opening handshake), for its duration
     * @return the result
     */
    public CaseResult run(CaseSpec spec, FuzzPeer peer, long startNanos) {
        // A safety net: a write into a peer that neither reads nor closes would block for ever.
        Duration limit = mode.longDeadline().plus(mode.deadline()).plus(mode.closeWait()).multipliedBy(2);
        Thread watchdog = Thread.ofVirtual().name("case-" + spec.id() + "-watchdog").start(() -> {
            try {
                Thread.sleep(limit);
                peer.observation().timeout("the case ran past its hard limit of " + limit.toSeconds() + " s");
                peer.drop("hard limit");
            } catch (InterruptedException done) {
                // the case ended in time
            }
        });
        try (peer) {
            play(spec, peer);
            finish(spec, peer);
            long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
            return judge(spec, peer.observation().snapshot(), peer.fuzzerIsClient(), millis);
        } finally {
            watchdog.interrupt();
        }
    }

    // ---------------------------------------------------------------- the script

    private void play(CaseSpec spec, FuzzPeer peer) {
        Observation obs = peer.observation();
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        List<String> burstLog = new ArrayList<>();
        for (Step step : spec.steps()) {
            if (stopped(obs)) {
                return;
            }
            if (step instanceof Step.Send send && send.chop() == 0 && !send.separately()) {
                burst.writeBytes(peer.encode(send.frame()));
                burstLog.add("TX " + send.frame().describe());
                continue;
            }
            if (step instanceof Step.Close close && burst.size() > 0) {
                // A close right after other frames goes out with them, as Autobahn sends it.
                byte[] frame = peer.openingClose(close.payload());
                if (frame != null) {
                    burst.writeBytes(frame);
                    burstLog.add("TX " + Frame.of(Frame.CLOSE, close.payload()).describe());
                }
                continue;
            }
            if (!flush(peer, burst, burstLog)) {
                return;
            }
            boolean goOn = switch (step) {
                case Step.Send send -> peer.write(peer.encode(send.frame()), send.chop(),
                        "TX " + send.frame().describe() + (send.chop() > 0 ? " in pieces of " + send.chop() : ""));
                case Step.Close close -> {
                    peer.sendClose(close.payload(), true);
                    yield true;
                }
                case Step.SendInParts parts -> sendInParts(peer, parts);
                case Step.Wait wait -> quietWait(obs, wait.label());
                case Step.Pause pause -> {
                    sleep(mode.pause());
                    yield true;
                }
                case Step.Barrier barrier -> {
                    int n = peer.sendBarrier();
                    yield n > 0 && obs.awaitUntil(s -> s.barrierPongs() >= n || s.closeReceived() || s.ended(),
                            deadline(mode.deadline()));
                }
                case Step.RoundTrips trips -> roundTrips(peer, trips);
                case Step.CompressedRoundTrips trips -> compressedRoundTrips(peer, trips);
            };
            if (!goOn) {
                return;
            }
        }
        flush(peer, burst, burstLog);
    }

    /** The script stops once the peer closed or failed the connection: nothing more may be sent then. */
    private static boolean stopped(Observation obs) {
        Observation.Snapshot s = obs.snapshot();
        return s.closeReceived() || s.ended();
    }

    private static boolean flush(FuzzPeer peer, ByteArrayOutputStream burst, List<String> log) {
        if (burst.size() == 0) {
            return true;
        }
        String line = String.join("\n          + ", log);
        boolean ok = peer.write(burst.toByteArray(), 0, line);
        burst.reset();
        log.clear();
        return ok;
    }

    private boolean sendInParts(FuzzPeer peer, Step.SendInParts parts) {
        byte[] bytes = peer.encode(parts.frame());
        int header = parts.frame().headerLength(peer.fuzzerIsClient());
        int from = 0;
        for (int i = 0; i <= parts.cuts().size(); i++) {
            int to = i < parts.cuts().size() ? header + parts.cuts().get(i) : bytes.length;
            byte[] piece = java.util.Arrays.copyOfRange(bytes, from, to);
            String what = i == 0 ? "TX " + parts.frame().describe() + ", first " + (to - header) + " payload bytes"
                    : "TX ... payload bytes " + (from - header) + " to " + (to - header);
            if (!peer.write(piece, 0, what)) {
                return false;
            }
            from = to;
            if (i < parts.cuts().size() && !quietWait(peer.observation(), parts.labels().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Waits the quiet period; records a timeout if the connection is still open at its end. */
    private boolean quietWait(Observation obs, String label) {
        boolean closed = obs.awaitUntil(s -> s.closeReceived() || s.ended(), deadline(mode.quietWait()));
        if (closed) {
            return false;
        }
        obs.event(new Event.Timeout(label));
        return true;
    }

    private boolean roundTrips(FuzzPeer peer, Step.RoundTrips trips) {
        Observation obs = peer.observation();
        byte[] payload = Payloads.of(trips.binary(), trips.size());
        Frame frame = Frame.of(trips.binary() ? Frame.BINARY : Frame.TEXT, payload);
        obs.wire("TX " + trips.count() + " x " + frame.describe() + ", each after the echo of the one before");
        int base = obs.snapshot().events().size();
        long deadline = deadline(mode.longDeadline());
        for (int i = 1; i <= trips.count(); i++) {
            if (!peer.write(peer.encode(frame), 0, null)) {
                return false;
            }
            int want = base + i;
            if (!obs.awaitUntil(s -> s.events().size() >= want || s.closeReceived() || s.ended(), deadline)) {
                obs.timeout("no echo of message " + i + " of " + trips.count() + " in time");
                return true;
            }
            if (stopped(obs)) {
                return false;
            }
        }
        return true;
    }

    /** Sections 12 and 13: Autobahn's compressed echo loop, each message after the echo of the one before. */
    private boolean compressedRoundTrips(FuzzPeer peer, Step.CompressedRoundTrips trips) {
        Observation obs = peer.observation();
        FuzzDeflate deflate = peer.deflate();
        if (deflate == null) {
            obs.timeout("permessage-deflate was not agreed in the opening handshake");
            return true;
        }
        int opcode = trips.binary() ? Frame.BINARY : Frame.TEXT;
        obs.wire("TX " + trips.count() + " compressed " + (trips.binary() ? "binary" : "text") + " messages of "
                + trips.size() + " bytes" + (trips.fragment() > 0 ? " in frames of " + trips.fragment() + " compressed bytes" : "")
                + ", each after the echo of the one before");
        int base = obs.snapshot().events().size();
        long deadline = deadline(mode.longDeadline());
        for (int i = 0; i < trips.count(); i++) {
            byte[] z = deflate.compress(trips.message(i));
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            int f = trips.fragment() > 0 ? trips.fragment() : Math.max(1, z.length);
            int off = 0;
            do {
                int end = Math.min(z.length, off + f);
                // RSV1 on the first frame only (RFC 7692 §6.1), continuations after it.
                frames.writeBytes(peer.encode(new Frame(end == z.length, off == 0 ? 0b100 : 0,
                        off == 0 ? opcode : Frame.CONTINUATION, java.util.Arrays.copyOfRange(z, off, end))));
                off = end;
            } while (off < z.length);
            if (!peer.write(frames.toByteArray(), 0, null)) {
                return false;
            }
            int want = base + i + 1;
            if (!obs.awaitUntil(s -> s.events().size() >= want || !s.violations().isEmpty() || s.closeReceived() || s.ended(),
                    deadline)) {
                obs.timeout("no echo of message " + (i + 1) + " of " + trips.count() + " in time");
                return true;
            }
            if (!obs.snapshot().violations().isEmpty()) {
                // As Autobahn does on a bad echo: the case has failed, so close now rather than wait.
                peer.sendClose(FuzzPeer.closePayload(CloseCode.NORMAL_CLOSURE, ""), true);
                return false;
            }
            if (stopped(obs)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- the ending

    private void finish(CaseSpec spec, FuzzPeer peer) {
        Observation obs = peer.observation();
        Expect expect = spec.expect();
        long deadline = deadline(expect.large() ? mode.longDeadline() : mode.deadline());
        long closeDeadline = Long.MAX_VALUE;
        while (true) {
            Observation.Snapshot s = obs.snapshot();
            if (s.ended()) {
                return;
            }
            if (s.closeReceived()) {
                // The reader has answered the peer's close (and, as a server, dropped TCP already).
                if (peer.fuzzerIsClient() && !obs.awaitUntil(Observation.Snapshot::ended, deadline(mode.closeWait()))) {
                    obs.timeout("the server did not close TCP within " + mode.closeWait().toMillis() + " ms of the closing handshake");
                    peer.drop("the server did not close TCP after the closing handshake");
                }
                peer.drop("closing handshake done; a server closes TCP first (§7.1.1)");
                return;
            }
            if (s.closeSent()) {
                if (closeDeadline == Long.MAX_VALUE) {
                    closeDeadline = deadline(mode.closeWait());
                }
                if (!obs.awaitChange(s.version(), closeDeadline)) {
                    obs.timeout("no close frame in answer within " + mode.closeWait().toMillis() + " ms");
                    peer.drop("the peer did not answer the close frame");
                    return;
                }
                continue;
            }
            if (expect.close().byFuzzer() && expect.allMet(s.events())) {
                peer.sendClose(FuzzPeer.closePayload(expect.close().codes().get(0), ""), true);
                continue;
            }
            if (!obs.awaitChange(s.version(), deadline)) {
                if (expect.close().byFuzzer()) {
                    peer.sendClose(FuzzPeer.closePayload(CloseCode.NORMAL_CLOSURE, ""), true);
                } else {
                    obs.timeout("the peer did not fail the connection within " + timeoutMillis(expect) + " ms");
                    peer.drop("deadline");
                    return;
                }
            }
        }
    }

    private long timeoutMillis(Expect expect) {
        return (expect.large() ? mode.longDeadline() : mode.deadline()).toMillis();
    }

    // ---------------------------------------------------------------- the verdict

    /**
     * Judges what was observed against what the case expects.
     *
     * @param spec           the case
     * @param s              what happened
     * @param fuzzerIsClient whether the fuzzer was the client
     * @param durationMillis how long the case took
     * @return the result
     */
    public static CaseResult judge(CaseSpec spec, Observation.Snapshot s, boolean fuzzerIsClient, long durationMillis) {
        Expect expect = spec.expect();
        Expect.CloseRule rule = expect.close();

        Verdict behavior = expect.match(s.events());
        String result;
        if (!s.violations().isEmpty()) {
            behavior = Verdict.FAILED;
            result = "The peer broke the protocol: " + String.join("; ", s.violations());
        } else if (behavior == null) {
            behavior = Verdict.FAILED;
            result = "Actual events differ from any expected." + (s.timeoutNote() != null ? " (" + s.timeoutNote() + ")" : "");
        } else {
            result = "Actual events match the " + behavior.label() + " outcome.";
        }

        boolean handshakeDone = s.closeSent() && s.closeReceived();
        boolean wasClean = handshakeDone && (!fuzzerIsClient || (s.peerEnded() && !s.droppedByMe()));
        boolean peerActed = s.closeReceived() || s.peerEnded();
        CloseVerdict close;
        String resultClose;
        if (!rule.byFuzzer() && !s.closedByMe() && !peerActed) {
            close = CloseVerdict.FAILED;
            resultClose = "The peer did not fail the connection: " + s.timeoutNote();
        } else if (rule.byFuzzer() != s.closedByMe()) {
            close = CloseVerdict.FAILED;
            resultClose = "The connection was closed by the wrong endpoint: expected "
                    + (rule.byFuzzer() ? "the fuzzer" : "the peer") + " to close first.";
        } else if (rule.requireClean() && !wasClean) {
            close = CloseVerdict.UNCLEAN;
            resultClose = "The closing handshake had to be clean and was not: "
                    + (s.timeoutNote() != null ? s.timeoutNote() : s.endReason());
        } else if (s.remoteCloseCode() != null && !rule.codes().contains(s.remoteCloseCode())) {
            close = CloseVerdict.WRONG_CODE;
            resultClose = "The close code should have been " + rule.codes() + " or none, not " + s.remoteCloseCode() + ".";
        } else if (fuzzerIsClient && s.droppedByMe()) {
            close = CloseVerdict.FAILED_BY_CLIENT;
            resultClose = "The server should have closed TCP; the fuzzer had to. " + (s.timeoutNote() != null ? s.timeoutNote() : "");
        } else {
            close = CloseVerdict.OK;
            resultClose = "The connection was closed properly.";
        }
        if (close == CloseVerdict.WRONG_CODE && behavior != Verdict.FAILED) {
            behavior = Verdict.FAILED;
            result = resultClose;
        }
        if (expect.informational() && s.violations().isEmpty()) {
            Verdict matched = expect.match(s.events());
            result = "Reported only; the RFC leaves this open. "
                    + (matched == Verdict.OK ? "The strict outcome happened." : matched != null
                    ? "The " + matched.label() + " outcome happened." : "Neither listed outcome happened.");
            behavior = Verdict.INFORMATIONAL;
            close = CloseVerdict.INFORMATIONAL;
            resultClose = "Reported only: " + (s.remoteCloseCode() != null ? "the peer closed with " + s.remoteCloseCode() : "no close code") + ", " + s.endReason() + ".";
        }

        Map<String, List<String>> expected = new LinkedHashMap<>();
        expect.outcomes().forEach((v, events) -> expected.put(v.label(), summarize(events)));
        return new CaseResult(spec.id(), spec.description(), spec.expectation(), behavior, close, result, resultClose,
                expected, rule.describe(), summarize(s.events()), s.violations(), durationMillis, s.closedByMe(),
                s.droppedByMe(), wasClean, s.localCloseCode(), s.remoteCloseCode(), s.remoteCloseReason(),
                s.endReason(), s.wire());
    }

    /**
     * Describes events for reports, folding runs of equal events: {@code 1000 x text message 16 bytes ...}.
     *
     * @param events the events
     * @return one line per run
     */
    static List<String> summarize(List<Event> events) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < events.size()) {
            int j = i + 1;
            while (j < events.size() && events.get(j).equals(events.get(i))) {
                j++;
            }
            String d = events.get(i).describe();
            out.add(j - i > 1 ? (j - i) + " x " + d : d);
            i = j;
        }
        return out;
    }

    private static long deadline(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
