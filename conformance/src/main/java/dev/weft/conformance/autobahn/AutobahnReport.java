package dev.weft.conformance.autobahn;

import dev.weft.conformance.json.Json;
import dev.weft.conformance.suite.CaseIds;
import dev.weft.conformance.suite.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Autobahn|Testsuite report directory: {@code index.json}, which gives every agent's
 * verdicts per case ({@code behavior} for what the peer did, {@code behaviorClose} for how the
 * connection ended), and the per-case files it names, for the words about cases that did not
 * pass. A case passes when both verdicts are {@code OK}, {@code NON-STRICT} or
 * {@code INFORMATIONAL}. The native suite writes the same layout, so this reads its reports too.
 */
public final class AutobahnReport {

    /**
     * One case of one agent, as {@code index.json} gives it.
     *
     * @param agent           the peer's name
     * @param id              the case id
     * @param behavior        the verdict on what the peer did
     * @param behaviorClose   the verdict on how the connection ended
     * @param durationMillis  how long the case took
     * @param remoteCloseCode the peer's close code, or {@code null}
     * @param reportFile      the per-case file's name, or {@code null}
     */
    public record Entry(String agent, String id, String behavior, String behaviorClose, long durationMillis,
                        Integer remoteCloseCode, String reportFile) {

        /**
         * Returns whether both verdicts pass.
         *
         * @return whether the case passed
         */
        public boolean passed() {
            return Verdict.passes(behavior) && Verdict.passes(behaviorClose);
        }

        /**
         * Returns the verdict used for counting: {@code FAILED} unless the case passed, else its
         * {@code behavior}.
         *
         * @return the verdict label
         */
        public String verdict() {
            return passed() ? behavior : Verdict.FAILED.label();
        }
    }

    /**
     * A case that did not pass, with what the per-case file says about it.
     *
     * @param entry       the index entry
     * @param description what the fuzzer sent
     * @param expectation what was expected
     * @param result      what the fuzzer concluded about the peer's behaviour
     * @param resultClose what it concluded about the closing
     */
    public record Failure(Entry entry, String description, String expectation, String result, String resultClose) {

        /**
         * Returns the failure as a few console lines.
         *
         * @return the lines, without a final newline
         */
        public String describe() {
            return "case " + entry.id() + " (" + entry.agent() + "): behavior " + entry.behavior() + ", close "
                    + entry.behaviorClose() + (entry.remoteCloseCode() != null ? ", peer close code " + entry.remoteCloseCode() : "")
                    + "\n  sent:     " + description
                    + "\n  expected: " + expectation
                    + "\n  observed: " + result
                    + "\n  closing:  " + resultClose;
        }
    }

    private final Path dir;
    private final Map<String, List<Entry>> byAgent;

    private AutobahnReport(Path dir, Map<String, List<Entry>> byAgent) {
        this.dir = dir;
        this.byAgent = byAgent;
    }

    /**
     * Reads {@code index.json} in a report directory.
     *
     * @param dir the directory
     * @return the report
     * @throws IOException if {@code index.json} is missing, unreadable or not in the expected shape
     */
    public static AutobahnReport read(Path dir) throws IOException {
        Path index = dir.resolve("index.json");
        String text;
        try {
            text = Files.readString(index, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("no Autobahn report at " + dir + ": index.json is missing");
        }
        Map<String, List<Entry>> byAgent = new LinkedHashMap<>();
        try {
            Map<?, ?> agents = (Map<?, ?>) Json.parse(text);
            for (Map.Entry<?, ?> a : agents.entrySet()) {
                String agent = (String) a.getKey();
                List<Entry> entries = new ArrayList<>();
                for (Map.Entry<?, ?> c : ((Map<?, ?>) a.getValue()).entrySet()) {
                    Map<?, ?> v = (Map<?, ?>) c.getValue();
                    entries.add(new Entry(agent, (String) c.getKey(), (String) v.get("behavior"), (String) v.get("behaviorClose"),
                            v.get("duration") instanceof Number n ? n.longValue() : 0,
                            v.get("remoteCloseCode") instanceof Number n ? n.intValue() : null,
                            (String) v.get("reportfile")));
                }
                entries.sort((x, y) -> CaseIds.ORDER.compare(x.id(), y.id()));
                byAgent.put(agent, List.copyOf(entries));
            }
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new IOException(index + " is not an Autobahn index: " + e.getMessage(), e);
        }
        return new AutobahnReport(dir, byAgent);
    }

    /**
     * Returns the agents in the report.
     *
     * @return their names, in file order
     */
    public List<String> agents() {
        return List.copyOf(byAgent.keySet());
    }

    /**
     * Returns an agent's cases, in case order.
     *
     * @param agent the agent
     * @return its entries; empty if the agent is not in the report
     */
    public List<Entry> cases(String agent) {
        return byAgent.getOrDefault(agent, List.of());
    }

    /**
     * Returns how many of an agent's cases got each verdict ({@code OK}, {@code NON-STRICT},
     * {@code INFORMATIONAL}, {@code FAILED}, the last for every case that did not pass).
     *
     * @param agent the agent
     * @return counts by label, every label present
     */
    public Map<String, Integer> counts(String agent) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            counts.put(v.label(), 0);
        }
        for (Entry e : cases(agent)) {
            counts.merge(e.verdict(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Returns whether every case of every agent passed (and there was at least one).
     *
     * @return whether the report is a pass
     */
    public boolean passed() {
        return byAgent.values().stream().anyMatch(l -> !l.isEmpty())
                && byAgent.values().stream().flatMap(List::stream).allMatch(Entry::passed);
    }

    /**
     * Returns every case that did not pass, with the description, expectation and results from
     * its per-case file (or a note that the file is missing).
     *
     * @return the failures, agent by agent in case order
     */
    public List<Failure> failures() {
        List<Failure> out = new ArrayList<>();
        for (List<Entry> entries : byAgent.values()) {
            for (Entry e : entries) {
                if (!e.passed()) {
                    out.add(details(e));
                }
            }
        }
        return out;
    }

    /**
     * Returns one summary line per agent.
     *
     * @return the lines
     */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (String agent : agents()) {
            Map<String, Integer> c = counts(agent);
            lines.add(String.format("%-24s %3d cases: %3d OK, %2d NON-STRICT, %2d INFORMATIONAL, %2d FAILED", agent,
                    cases(agent).size(), c.get("OK"), c.get("NON-STRICT"), c.get("INFORMATIONAL"), c.get("FAILED")));
        }
        return lines;
    }

    private Failure details(Entry e) {
        String missing = "(no per-case file" + (e.reportFile() != null ? " " + e.reportFile() : "") + ")";
        if (e.reportFile() == null) {
            return new Failure(e, missing, missing, missing, missing);
        }
        try {
            Map<?, ?> c = (Map<?, ?>) Json.parse(Files.readString(dir.resolve(e.reportFile()), StandardCharsets.UTF_8));
            return new Failure(e, plain(c.get("description")), plain(c.get("expectation")), plain(c.get("result")),
                    plain(c.get("resultClose")));
        } catch (IOException | ClassCastException | IllegalArgumentException x) {
            return new Failure(e, missing, missing, missing, missing);
        }
    }

    /** Autobahn's texts carry HTML line breaks and tags: turn them into one plain line. */
    static String plain(Object text) {
        if (text == null) {
            return "(none)";
        }
        return text.toString().replaceAll("(?i)<br\\s*/?>", " ").replaceAll("<[^>]+>", "")
                .replaceAll("\\s+", " ").strip();
    }
}
