package dev.weft.conformance.suite;

import dev.weft.conformance.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the native suite's report: {@code index.json} and one JSON file per case and peer in the
 * layout of an Autobahn report (so the same reader reads both), and {@code index.html}, a table of
 * every case against every peer in Autobahn's style, whose cells link to a page per case.
 */
public final class SuiteReport {

    /** Section names, as Autobahn titles them. */
    private static final Map<Integer, String> SECTIONS = Map.of(1, "Framing", 2, "Pings/Pongs", 3, "Reserved Bits",
            4, "Opcodes", 5, "Fragmentation", 6, "UTF-8 Handling", 7, "Close Handling", 9, "Limits/Performance",
            10, "Misc");

    private SuiteReport() {
    }

    /**
     * Writes (or rewrites) the report for some runs.
     *
     * @param dir  the report directory; created if missing
     * @param runs the runs, each a column
     * @return the path of {@code index.html}
     * @throws UncheckedIOException if a file cannot be written
     */
    public static Path write(Path dir, List<SuiteRun> runs) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> index = new LinkedHashMap<>();
            for (SuiteRun run : runs) {
                Map<String, Object> cases = new LinkedHashMap<>();
                for (CaseResult r : run.results()) {
                    String file = fileName(run.agent(), r.id());
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("behavior", r.behavior().label());
                    entry.put("behaviorClose", r.behaviorClose().label());
                    entry.put("duration", r.durationMillis());
                    entry.put("remoteCloseCode", r.remoteCloseCode());
                    entry.put("reportfile", file + ".json");
                    cases.put(r.id(), entry);
                    Files.writeString(dir.resolve(file + ".json"), Json.write(r.toJson(run.agent())), StandardCharsets.UTF_8);
                    Files.writeString(dir.resolve(file + ".html"), casePage(run, r), StandardCharsets.UTF_8);
                }
                index.put(run.agent(), cases);
            }
            Files.writeString(dir.resolve("index.json"), Json.write(index), StandardCharsets.UTF_8);
            Path html = dir.resolve("index.html");
            Files.writeString(html, indexPage(runs), StandardCharsets.UTF_8);
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance report in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the base name of a case's files, as Autobahn forms it: the agent and case id with
     * every character that is not a letter or digit turned into {@code _}.
     *
     * @param agent the agent
     * @param id    the case id
     * @return for example {@code weft_server_nio_case_6_4_3}
     */
    static String fileName(String agent, String id) {
        return (agent + "_case_" + id).replaceAll("[^A-Za-z0-9]", "_").toLowerCase(java.util.Locale.ROOT);
    }

    // ---------------------------------------------------------------- HTML

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
            table { border-collapse: collapse; }
            td, th { border: 1px solid #ccc; padding: 2px 8px; font-size: 0.9em; text-align: left; }
            th.section { background: #333; color: #fff; }
            td.OK { background: #0a0; } td.NON-STRICT { background: #9c3; } td.INFORMATIONAL { background: #69c; }
            td.FAILED { background: #d22; }
            td.OK a, td.NON-STRICT a, td.INFORMATIONAL a, td.FAILED a { color: #fff; text-decoration: none; }
            pre { background: #f4f4f4; padding: 0.6em; white-space: pre-wrap; font-size: 0.85em; }
            .muted { color: #777; }
            """;

    private static String indexPage(List<SuiteRun> runs) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Weft conformance report</title><style>")
                .append(STYLE).append("</style></head><body>\n<h1>Weft conformance report: the native suite</h1>\n");
        h.append("<p>Autobahn's case catalogue (sections 1–7, 9 and 10) played by Weft's own fuzzing peer against the Weft"
                + " server and client on each transport. Verdicts mean what Autobahn's do; a case passes when it is OK,"
                + " NON-STRICT or INFORMATIONAL.</p>\n<table><tr><th>peer</th><th>cases</th><th>OK</th><th>NON-STRICT</th>"
                + "<th>INFORMATIONAL</th><th>FAILED</th><th>time</th><th>mode</th></tr>\n");
        for (SuiteRun run : runs) {
            Map<Verdict, Integer> c = run.counts();
            h.append("<tr><td>").append(esc(run.agent())).append("</td><td>").append(run.results().size()).append("</td>");
            for (Verdict v : Verdict.values()) {
                h.append("<td>").append(c.get(v)).append("</td>");
            }
            h.append(String.format("<td>%.1f s</td><td>%s</td></tr>%n", run.durationMillis() / 1000.0, esc(run.mode())));
        }
        h.append("</table>\n<h2>Every case</h2>\n<table>\n");
        Map<String, Map<String, CaseResult>> byId = new TreeMap<>(CaseIds.ORDER);
        for (SuiteRun run : runs) {
            for (CaseResult r : run.results()) {
                byId.computeIfAbsent(r.id(), k -> new LinkedHashMap<>()).put(run.agent(), r);
            }
        }
        int section = -1;
        for (Map.Entry<String, Map<String, CaseResult>> row : byId.entrySet()) {
            int s = Integer.parseInt(row.getKey().substring(0, row.getKey().indexOf('.')));
            if (s != section) {
                section = s;
                h.append("<tr><th class=\"section\">").append(s).append(' ').append(esc(SECTIONS.getOrDefault(s, "")))
                        .append("</th>");
                for (SuiteRun run : runs) {
                    h.append("<th class=\"section\">").append(esc(run.agent())).append("</th>");
                }
                h.append("</tr>\n");
            }
            h.append("<tr><td>Case ").append(esc(row.getKey())).append("</td>");
            for (SuiteRun run : runs) {
                CaseResult r = row.getValue().get(run.agent());
                if (r == null) {
                    h.append("<td class=\"muted\">not run</td>");
                    continue;
                }
                String label = r.verdict().label();
                h.append("<td class=\"").append(label).append("\"><a href=\"").append(fileName(run.agent(), r.id()))
                        .append(".html\">").append(label).append("</a> <span>").append(r.durationMillis()).append(" ms")
                        .append(r.remoteCloseCode() != null ? " [" + r.remoteCloseCode() + "]" : "").append("</span></td>");
            }
            h.append("</tr>\n");
        }
        return h.append("</table>\n</body></html>\n").toString();
    }

    private static String casePage(SuiteRun run, CaseResult r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(run.agent())).append(" case ")
                .append(esc(r.id())).append("</title><style>").append(STYLE).append("</style></head><body>\n");
        h.append("<p><a href=\"index.html\">all cases</a></p>\n<h1>").append(esc(run.agent())).append(" - case ")
                .append(esc(r.id())).append(": ").append(r.verdict().label()).append(" - ").append(r.durationMillis())
                .append(" ms</h1>\n");
        h.append("<h2>What the fuzzer sends</h2><p>").append(esc(r.description())).append("</p>\n");
        h.append("<h2>What a conforming peer does</h2><p>").append(esc(r.expectation())).append("</p>\n");
        h.append("<h2>Outcome: ").append(r.behavior().label()).append("</h2><p>").append(esc(r.result())).append("</p>\n");
        h.append("<pre>expected:\n");
        r.expected().forEach((v, events) -> h.append("  ").append(esc(v)).append(": ").append(esc(String.valueOf(events))).append('\n'));
        h.append("observed:\n  ").append(esc(String.valueOf(r.received()))).append("</pre>\n");
        for (String v : r.violations()) {
            h.append("<p>Violation: ").append(esc(v)).append("</p>\n");
        }
        h.append("<h2>Closing: ").append(r.behaviorClose().label()).append("</h2><p>").append(esc(r.resultClose())).append("</p>\n");
        h.append("<table>");
        row(h, "expected", r.expectedClose());
        row(h, "closedByMe", r.closedByMe() + " (the fuzzer sent the first close frame)");
        row(h, "droppedByMe", r.droppedByMe() + " (the fuzzer dropped TCP)");
        row(h, "wasClean", r.wasClean() + " (both close frames, then TCP closed by the server)");
        row(h, "localCloseCode", String.valueOf(r.localCloseCode()));
        row(h, "remoteCloseCode", String.valueOf(r.remoteCloseCode()));
        row(h, "remoteCloseReason", String.valueOf(r.remoteCloseReason()));
        row(h, "TCP end", String.valueOf(r.endReason()));
        h.append("</table>\n<h2>Wire log</h2><pre>");
        for (String line : r.wire()) {
            h.append(esc(line)).append('\n');
        }
        return h.append("</pre>\n</body></html>\n").toString();
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><td>").append(esc(key)).append("</td><td>").append(esc(value)).append("</td></tr>");
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
