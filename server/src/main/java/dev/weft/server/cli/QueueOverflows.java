package dev.weft.server.cli;

import dev.weft.codec.engine.QueueOverflow;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Reads {@code --queue-overflow}: a {@link QueueOverflow} by its name in lower case with dashes
 * ({@code refuse-send}, {@code close-policy-violation}, {@code close-try-again-later}), so that
 * the flag reads like the Javadoc. Anything else is a usage error that lists the choices.
 */
final class QueueOverflows implements CommandLine.ITypeConverter<QueueOverflow> {

    /** The choices, as the flag spells them. */
    static final String CHOICES = Arrays.stream(QueueOverflow.values()).map(QueueOverflows::flag)
            .collect(Collectors.joining(", "));

    static String flag(QueueOverflow policy) {
        return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public QueueOverflow convert(String value) {
        for (QueueOverflow policy : QueueOverflow.values()) {
            if (flag(policy).equalsIgnoreCase(value.trim())) {
                return policy;
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + CHOICES);
    }
}
