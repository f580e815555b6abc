package dev.weft.conformance.suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** Autobahn case numbers: their order, and the patterns that select them. */
public final class CaseIds {

    /** Orders {@code 1.1.9} before {@code 1.1.10}: component by component, as numbers. */
    public static final Comparator<String> ORDER = CaseIds::compare;

    private CaseIds() {
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareComponent(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static int compareComponent(String a, String b) {
        try {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    /**
     * Returns whether a case id matches a pattern as Autobahn's spec files use them: {@code *}
     * stands for any run of characters, so {@code 6.*} selects section 6 and {@code 9.1.*} a
     * subsection; a plain id selects just that case.
     *
     * @param pattern the pattern
     * @param id      the case id
     * @return whether it matches
     */
    public static boolean matches(String pattern, String id) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return id.matches(regex.toString());
    }

    /**
     * Selects ids: those matching any of {@code include}, minus those matching any of
     * {@code exclude}, in their original order.
     *
     * @param ids     the candidates
     * @param include patterns to keep
     * @param exclude patterns to drop
     * @return the selection
     */
    public static List<String> select(List<String> ids, List<String> include, List<String> exclude) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            boolean in = include.stream().anyMatch(p -> matches(p, id));
            boolean out1 = exclude.stream().anyMatch(p -> matches(p, id));
            if (in && !out1) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Splits a comma-separated option value into patterns, dropping blanks.
     *
     * @param option for example {@code "1.*, 2.1"}
     * @return the patterns
     */
    public static List<String> patterns(String option) {
        List<String> out = new ArrayList<>();
        for (String p : option.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }
}
