package dev.weft.server;

import dev.weft.codec.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The conditional request rules a file server needs (RFC 9110 §13), asked in the order of
 * §13.2.2: {@link #preconditionFailed} (412), then {@link #notModified} (304), then
 * {@link #rangeApplies}. They are asked only of a resource that exists: a request that would be
 * answered 404 without its conditions is answered 404 with them (§13.2.1).
 */
final class Conditional {
    private Conditional() {
    }

    /**
     * Returns whether the request's preconditions fail, to be answered 412: {@code If-Match}
     * lists neither {@code *} nor a tag strongly equal to the current one (§13.1.1); or, only
     * when there is no {@code If-Match}, {@code If-Unmodified-Since} is a valid date before the
     * last modification (§13.1.4). A weak tag never matches in {@code If-Match}.
     */
    static boolean preconditionFailed(HttpRequest request, String etag, Instant modified) {
        var headers = request.headers();
        if (headers.contains("If-Match")) {
            for (String tag : headers.tokens("If-Match")) {
                if (tag.equals("*") || !tag.startsWith("W/") && tag.equals(etag)) {
                    return false;
                }
            }
            return true;
        }
        Instant since = HttpDates.parse(headers.first("If-Unmodified-Since"));
        return since != null && modified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
    }

    /**
     * Returns whether a GET or HEAD gets 304: {@code If-None-Match} lists the current entity tag
     * (weakly compared) or is {@code *}; or, only when there is no {@code If-None-Match}
     * (§13.2.2), {@code If-Modified-Since} is not before the last modification.
     */
    static boolean notModified(HttpRequest request, String etag, Instant modified) {
        var headers = request.headers();
        if (headers.contains("If-None-Match")) {
            for (String tag : headers.tokens("If-None-Match")) {
                if (tag.equals("*") || opaque(tag).equals(opaque(etag))) {
                    return true;
                }
            }
            return false;
        }
        Instant since = HttpDates.parse(headers.first("If-Modified-Since"));
        return since != null && !modified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
    }

    /**
     * Returns whether a {@code Range} header may be honoured: there is no {@code If-Range}, or it
     * matches the current representation (§13.1.5: strong comparison for tags, exact date).
     */
    static boolean rangeApplies(HttpRequest request, String etag, Instant modified) {
        String ifRange = request.headers().first("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(etag);
        }
        Instant date = HttpDates.parse(ifRange);
        return date != null && date.equals(modified.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The tag without its weakness marker, for weak comparison (§8.8.3.2). */
    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
