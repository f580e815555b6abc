package dev.weft.benchmarks.report;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The little JSON a report needs, written by hand: strings, numbers, booleans, lists and maps. */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Double d -> out.append(Double.isFinite(d) ? Double.toString(d) : "null");
            case Map<?, ?> map -> {
                out.append("{");
                Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
                String inner = indent + "  ";
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    out.append('\n').append(inner);
                    string(out, String.valueOf(e.getKey()));
                    out.append(": ");
                    write(out, e.getValue(), inner);
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append(map.isEmpty() ? "}" : "\n" + indent + "}");
            }
            case List<?> list -> {
                out.append("[");
                String inner = indent + "  ";
                for (int i = 0; i < list.size(); i++) {
                    out.append('\n').append(inner);
                    write(out, list.get(i), inner);
                    if (i < list.size() - 1) {
                        out.append(',');
                    }
                }
                out.append(list.isEmpty() ? "]" : "\n" + indent + "]");
            }
            default -> string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
