package dev.weft.codec.extension;

import dev.weft.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1): an extension name and
 * its parameters, such as {@code permessage-deflate; client_max_window_bits}.
 *
 * @param name       the extension token, lower-cased
 * @param parameters the parameters in the order given; a parameter without a value maps to
 *                   {@code null}. Names are lower-cased.
 * @param repeated   the names of parameters given more than once, lower-cased; {@code parameters}
 *                   holds the first of each. The grammar allows repeats; an extension may refuse
 *                   them (RFC 7692 §7 has a server decline such an offer), so they are kept
 *                   rather than failing the whole header.
 */
public record ExtensionOffer(String name, Map<String, String> parameters, java.util.Set<String> repeated) {

    /**
     * Creates an element with no repeated parameter.
     *
     * @param name       the extension token
     * @param parameters the parameters in order; a parameter without a value maps to {@code null}
     * @throws IllegalArgumentException if {@code name} is not an HTTP token
     */
    public ExtensionOffer(String name, Map<String, String> parameters) {
        this(name, parameters, java.util.Set.of());
    }

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if {@code name} is not an HTTP token
     */
    public ExtensionOffer {
        if (!isToken(name)) {
            throw new IllegalArgumentException("extension name is not a token: " + name);
        }
        name = name.toLowerCase(Locale.ROOT);
        Map<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), v));
        parameters = Collections.unmodifiableMap(copy);
        if (repeated.isEmpty()) {
            repeated = java.util.Set.of(); // the usual case: no set of its own
        } else {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            repeated.forEach(r -> names.add(r.toLowerCase(Locale.ROOT)));
            repeated = Collections.unmodifiableSet(names);
        }
    }

    /**
     * Creates an offer with no parameters.
     *
     * @param name the extension token
     * @return the offer
     */
    public static ExtensionOffer of(String name) {
        return new ExtensionOffer(name, Map.of());
    }

    /**
     * Parses every {@code Sec-WebSocket-Extensions} value of a message, in order.
     *
     * <p>Grammar (§9.1): a comma-separated list of {@code name *( ";" param )} where
     * {@code param = token [ "=" (token / quoted-string) ]}.
     *
     * @param headerValues the header's values, each possibly a list
     * @return the offers, in order
     * @throws IllegalArgumentException if a value breaks the grammar; the message names the fault
     */
    public static List<ExtensionOffer> parse(List<String> headerValues) {
        List<ExtensionOffer> offers = new ArrayList<>();
        for (String value : headerValues) {
            new Parser(value).parseList(offers);
        }
        return offers;
    }

    /**
     * Checks every {@code Sec-WebSocket-Extensions} value against the grammar of {@link #parse}
     * without building the offers: what a server that uses no extension needs, since it answers a
     * malformed header all the same but has no offer to weigh.
     *
     * @param headerValues the header's values, each possibly a list
     * @throws IllegalArgumentException if a value breaks the grammar, as {@link #parse} would
     */
    public static void check(List<String> headerValues) {
        for (String value : headerValues) {
            new Parser(value).parseList(null);
        }
    }

    /**
     * Formats this offer as it appears in a header: {@code name; a=1; b}.
     *
     * @return the header element
     */
    public String toHeaderValue() {
        StringBuilder out = new StringBuilder(name);
        parameters.forEach((k, v) -> {
            out.append("; ").append(k);
            if (v != null) {
                out.append('=').append(isToken(v) ? v : '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
            }
        });
        return out.toString();
    }

    private static boolean isToken(String s) {
        return HttpHeaders.isToken(s);
    }

    private static boolean isTokenChar(char c) {
        return HttpHeaders.isTokenChar(c);
    }

    /** A small recursive-descent parser over one header value. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = Objects.requireNonNull(s);
        }

        /** Parses the list into {@code into}, or only checks it when {@code into} is {@code null}. */
        void parseList(List<ExtensionOffer> into) {
            boolean building = into != null;
            skipSpace();
            while (i < s.length()) {
                if (s.charAt(i) == ',') { // empty list elements are allowed (RFC 9110 §5.6.1)
                    i++;
                    skipSpace();
                    continue;
                }
                String name = token("extension name", building);
                Map<String, String> params = building ? new LinkedHashMap<>() : null;
                java.util.Set<String> repeats = java.util.Set.of();
                skipSpace();
                while (i < s.length() && s.charAt(i) == ';') {
                    i++;
                    skipSpace();
                    String key = token("parameter name", building);
                    skipSpace();
                    String value = null;
                    if (i < s.length() && s.charAt(i) == '=') {
                        i++;
                        skipSpace();
                        value = i < s.length() && s.charAt(i) == '"' ? quoted(building) : token("parameter value", building);
                        skipSpace();
                    }
                    if (!building) {
                        continue;
                    }
                    if (params.containsKey(key.toLowerCase(Locale.ROOT))) {
                        if (repeats.isEmpty()) {
                            repeats = new java.util.LinkedHashSet<>();
                        }
                        repeats.add(key);
                    } else {
                        params.put(key.toLowerCase(Locale.ROOT), value);
                    }
                }
                if (building) {
                    into.add(new ExtensionOffer(name, params, repeats));
                }
                if (i < s.length()) {
                    if (s.charAt(i) != ',') {
                        throw new IllegalArgumentException("unexpected '" + s.charAt(i) + "' in extension list at " + i);
                    }
                    i++;
                    skipSpace();
                }
            }
        }

        /** Reads a token; returns it when {@code keep}, else only moves past it. */
        private String token(String what, boolean keep) {
            int start = i;
            while (i < s.length() && isTokenChar(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("missing " + what + " at " + start + " in '" + s + "'");
            }
            return keep ? s.substring(start, i) : null;
        }

        /** Reads a quoted string; returns its content when {@code keep}, else only moves past it. */
        private String quoted(boolean keep) {
            StringBuilder out = keep ? new StringBuilder() : null;
            i++; // opening quote
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return keep ? out.toString() : null;
                }
                if (c == '\\' && i < s.length()) {
                    c = s.charAt(i++);
                }
                if (keep) {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated quoted string in '" + s + "'");
        }

        private void skipSpace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }
    }
}
