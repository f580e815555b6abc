package dev.weft.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, read in that form or RFC 1123's. */
final class HttpDates {

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}: always two-digit days, unlike RFC_1123_DATE_TIME. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Reads a date.
     *
     * @return the instant, or {@code null} if the text is not a date (the header is then ignored,
     *         as RFC 9110 §13.1.3 asks)
     */
    static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
