package dev.weft.codec.http;

import java.util.Objects;

/**
 * A response head as received: status line and header fields (RFC 9112 §4, §5).
 *
 * @param version the HTTP version of the status line
 * @param status  the three-digit status code
 * @param reason  the reason phrase as sent, possibly empty; RFC 9112 §4 says to give it no
 *                meaning, so it serves only in messages
 * @param headers the header fields
 */
public record HttpResponseHead(HttpVersion version, int status, String reason, HttpHeaders headers) {

    /** Checks that no component is null. */
    public HttpResponseHead {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(headers, "headers");
    }
}
