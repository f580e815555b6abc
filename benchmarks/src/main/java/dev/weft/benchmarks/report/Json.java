package dev.weft.benchmarks.report;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The report's JSON, written by Jackson: strings, numbers, booleans, lists and maps, indented by
 * two spaces with every member and element on its own line, so that results diff line by line.
 */
final class Json {

    /** A measurement that could not be taken is NaN in memory and {@code null} in the report. */
    private static final class NonFiniteAsNull extends ValueSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator out, SerializationContext context) {
            if (Double.isFinite(value)) {
                out.writeNumber(value);
            } else {
                out.writeNull();
            }
        }
    }

    private static final ObjectWriter WRITER;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        SimpleModule doubles = new SimpleModule("report-doubles").addSerializer(Double.class, new NonFiniteAsNull());
        WRITER = JsonMapper.builder().addModule(doubles).build().writer().with(printer);
    }

    private Json() {
    }

    static String write(Object value) {
        return WRITER.writeValueAsString(value) + "\n";
    }
}
