package dev.weft.conformance.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * JSON (RFC 8259) for Autobahn's spec and report files and the native suite's own report, read
 * and written by Jackson as plain values.
 *
 * <p>Values map to Java as: object → {@link LinkedHashMap} (member order kept), array →
 * {@link ArrayList}, string → {@link String}, number → {@link Long} when it is an integer that
 * fits, else {@link Double}, {@code true}/{@code false} → {@link Boolean}, {@code null} →
 * {@code null}. The writer takes the same types, plus any {@link Number}, {@link Iterable} and
 * {@link java.util.Map} with string keys.
 */
public final class Json {

    /** JSON has no NaN or infinity: refuse them rather than write a string in a number's place. */
    private static final class FiniteOnly extends ValueSerializer<Number> {
        @Override
        public void serialize(Number value, JsonGenerator out, SerializationContext context) {
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("no JSON form for " + value);
            }
            if (value instanceof Float f) {
                out.writeNumber(f);
            } else {
                out.writeNumber(d);
            }
        }
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("finite-numbers")
                    .addSerializer(Double.class, new FiniteOnly())
                    .addSerializer(Float.class, new FiniteOnly()))
            .build();

    private static final ObjectWriter WRITER;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        WRITER = MAPPER.writer().with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                        .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter));
    }

    private Json() {
    }

    /**
     * Parses one JSON value; only whitespace may follow it.
     *
     * @param text the JSON text
     * @return the value, as described in the class comment
     * @throws IllegalArgumentException if the text is not JSON; the message gives the offset
     */
    public static Object parse(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            long offset = at == null || at.getCharOffset() < 0 ? 0 : at.getCharOffset();
            throw new IllegalArgumentException("malformed JSON at offset " + offset + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes a value as indented JSON.
     *
     * @param value a value of the types in the class comment
     * @return the JSON text, with a final newline
     * @throws IllegalArgumentException if a value has no JSON form (a non-finite number, an
     *                                  object with no properties)
     */
    public static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value) + "\n";
        } catch (JacksonException e) {
            // Jackson wraps what the number serializer throws; say what has no JSON form.
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException(cause.getMessage(), e);
        }
    }
}
