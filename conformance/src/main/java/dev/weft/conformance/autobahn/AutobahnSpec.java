package dev.weft.conformance.autobahn;

import dev.weft.conformance.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec files that tell the Autobahn|Testsuite ({@code wstest}) what to run: for
 * {@code fuzzingclient} mode, the servers to test; for {@code fuzzingserver} mode, where to
 * listen. Both name the cases ({@code *} wildcards, as in {@code 6.*}) and where to write the
 * report, as seen from inside the container.
 */
public final class AutobahnSpec {

    /** Every case: sections 1–10, and 12–13 (permessage-deflate, which the testees offer and accept). */
    public static final List<String> DEFAULT_CASES = List.of("*");

    /** Left out by default: nothing. */
    public static final List<String> DEFAULT_EXCLUDED = List.of();

    /**
     * A server for {@code fuzzingclient} mode.
     *
     * @param agent its name in the report
     * @param url   where the fuzzer connects, such as {@code ws://127.0.0.1:9001}
     */
    public record Server(String agent, String url) {
    }

    private AutobahnSpec() {
    }

    /**
     * Returns the spec for {@code fuzzingclient} mode: the fuzzer connects to each server.
     *
     * @param servers  the servers to test
     * @param cases    case patterns to run
     * @param excluded case patterns to skip
     * @param outdir   the report directory inside the container
     * @return the spec as JSON text
     */
    public static String fuzzingClient(List<Server> servers, List<String> cases, List<String> excluded, String outdir) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("outdir", outdir);
        spec.put("servers", servers.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agent", s.agent());
            m.put("url", s.url());
            return m;
        }).toList());
        spec.put("cases", cases);
        spec.put("exclude-cases", excluded);
        spec.put("exclude-agent-cases", Map.of());
        return Json.write(spec);
    }

    /**
     * Returns the spec for {@code fuzzingserver} mode: the fuzzer listens and testee clients
     * connect to it.
     *
     * @param url      where the fuzzer listens, such as {@code ws://127.0.0.1:9001}
     * @param cases    case patterns to run
     * @param excluded case patterns to skip
     * @param outdir   the report directory inside the container
     * @return the spec as JSON text
     */
    public static String fuzzingServer(String url, List<String> cases, List<String> excluded, String outdir) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("url", url);
        spec.put("outdir", outdir);
        spec.put("cases", cases);
        spec.put("exclude-cases", excluded);
        spec.put("exclude-agent-cases", Map.of());
        return Json.write(spec);
    }
}
