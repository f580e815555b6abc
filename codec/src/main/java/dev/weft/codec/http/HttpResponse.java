package dev.weft.codec.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A response to write: status, reason, header fields and an optional body (RFC 9112 §4).
 *
 * <p>The body array is copied on the way in and out, so a response is immutable.
 *
 * @param status  the status code, 100 to 599
 * @param reason  the reason phrase, possibly empty
 * @param headers the header fields
 * @param body    the body, possibly empty; {@code null} means the caller streams the body itself
 *                after {@link #encodeHead()}, and frames it with its own headers
 */
public record HttpResponse(int status, String reason, HttpHeaders headers, byte[] body) {

    /** The empty body, shared: no array of length zero can change. */
    private static final byte[] NO_BODY = new byte[0];

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if the status is outside 100–599, the reason holds a
     *                                  control character, or a 1xx, 204 or 304 response is given
     *                                  a non-empty body (RFC 9110 §6.4.1: they have none)
     */
    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status code must be 100-599: " + status);
        }
        Objects.requireNonNull(reason, "reason");
        for (int i = 0; i < reason.length(); i++) {
            if (!Syntax.isFieldChar(reason.charAt(i))) {
                throw new IllegalArgumentException("reason phrase has a forbidden character");
            }
        }
        Objects.requireNonNull(headers, "headers");
        if (body != null && body.length > 0 && !HttpStatus.permitsBody(status)) {
            throw new IllegalArgumentException("a " + status + " response has no body");
        }
        body = body == null ? null : body.length == 0 ? NO_BODY : body.clone();
    }

    /**
     * Makes a response with the standard reason phrase for its status.
     *
     * @param status  the status code
     * @param headers the header fields
     * @param body    the body, possibly empty, or {@code null} if the caller streams it
     * @return the response
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static HttpResponse of(int status, HttpHeaders headers, byte[] body) {
        return new HttpResponse(status, HttpStatus.reasonPhrase(status), headers, body);
    }

    /**
     * Makes a response whose body is text, encoded as UTF-8.
     *
     * @param status      the status code
     * @param contentType the {@code Content-Type}, such as {@code text/plain; charset=utf-8}
     * @param body        the text
     * @return the response, with a {@code Content-Type} header
     * @throws IllegalArgumentException as the canonical constructor, or if the content type is
     *                                  not a valid field value
     */
    public static HttpResponse text(int status, String contentType, String body) {
        HttpHeaders headers = HttpHeaders.builder().add("Content-Type", contentType).build();
        return of(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a copy of the body.
     *
     * @return the body, or {@code null} if it is streamed by the caller
     */
    @Override
    public byte[] body() {
        return body == null ? null : body.length == 0 ? NO_BODY : body.clone();
    }

    /**
     * Writes the head: {@code HTTP/1.1 101 Switching Protocols}, the header fields, and the empty
     * line. Exactly the given fields are written.
     *
     * @return a new buffer holding the head, from position 0 to its limit, owned by the caller
     */
    public ByteBuffer encodeHead() {
        return head(false, 0).toBuffer();
    }

    /**
     * Writes the head and the body. When there is a body, the status permits one, and neither
     * {@code Content-Length} nor {@code Transfer-Encoding} is set, a {@code Content-Length} is
     * added so the client knows where the response ends (RFC 9112 §6.3). With a {@code null} body
     * this writes only the head.
     *
     * @return a new buffer holding the response, from position 0 to its limit, owned by the caller
     */
    public ByteBuffer encode() {
        if (body == null) {
            return head(true, 0).toBuffer();
        }
        return head(true, body.length).bytes(body).toBuffer();
    }

    /** Writes the head into a writer with room for {@code bodyLength} more bytes. */
    private HeadWriter head(boolean addLength, int bodyLength) {
        boolean contentLength = addLength && body != null && HttpStatus.permitsBody(status)
                && !headers.contains("Content-Length") && !headers.contains("Transfer-Encoding");
        // "HTTP/1.1 " status SP reason CRLF, the fields, maybe Content-Length, CRLF.
        int length = 9 + 3 + 1 + reason.length() + 2 + headers.encodedLength() + 2 + bodyLength;
        if (contentLength) {
            length += "Content-Length: ".length() + HeadWriter.digits(body.length) + 2;
        }
        HeadWriter out = new HeadWriter(length)
                .text("HTTP/1.1 ").number(status).text(" ").text(reason).crlf()
                .fields(headers);
        if (contentLength) {
            out.text("Content-Length: ").number(body.length).crlf();
        }
        return out.crlf();
    }

    /**
     * Compares all components, the body by content.
     *
     * @param o another object
     * @return whether {@code o} is an equal response
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpResponse r && r.status == status && r.reason.equals(reason)
                && r.headers.equals(headers) && Arrays.equals(r.body, body);
    }

    /**
     * Returns a hash consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(status, reason, headers) * 31 + Arrays.hashCode(body);
    }

    /**
     * Returns the status line and fields, and the body's size, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "HttpResponse[" + status + " " + reason + ", " + headers.size() + " headers, "
                + (body == null ? "streamed body" : body.length + " body bytes") + "]";
    }
}
