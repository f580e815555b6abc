package dev.weft.codec.http;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A request head: request line and header fields (RFC 9112 §3, §5). The body, if any, is not
 * part of it; {@link #contentLength()} and {@link #chunked()} tell how it is delimited.
 *
 * @param method  the method, a token, case-sensitive (RFC 9110 §9.1)
 * @param target  the request-target exactly as sent
 * @param path    the target's path, percent-decoded except for {@code %2F} and {@code %25}, which
 *                stay encoded so that a decoded path can still be split on {@code /} safely; or
 *                {@code *} for {@code OPTIONS *}
 * @param query   the raw query after the first {@code ?}, not decoded; {@code null} if none
 * @param version the HTTP version of the request line
 * @param headers the header fields
 */
public record HttpRequest(String method, String target, String path, String query, HttpVersion version,
                          HttpHeaders headers) {

    /**
     * Checks that no component but {@code query} is null. A request from {@link HttpRequestParser}
     * has also passed every syntax and framing rule; one made here has not.
     */
    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
    }

    /**
     * Makes a request from its request line parts, deriving {@link #path} and {@link #query} from
     * the target as the parser does.
     *
     * @param method  the method, a token
     * @param target  the raw request-target, such as {@code /chat?room=1}
     * @param version the HTTP version
     * @param headers the header fields
     * @return the request
     * @throws IllegalArgumentException if the method is not a token or the target is malformed
     */
    public static HttpRequest of(String method, String target, HttpVersion version, HttpHeaders headers) {
        if (!Syntax.isToken(method)) {
            throw new IllegalArgumentException("method is not a token: " + Syntax.excerpt(String.valueOf(method)));
        }
        RequestTarget t;
        try {
            t = RequestTarget.parse(method, target);
        } catch (HttpException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new HttpRequest(method, target, t.path(), t.query(), version, headers);
    }

    /**
     * Returns whether the connection stays open after this exchange (RFC 9112 §9.3): for
     * HTTP/1.1 and later unless {@code Connection: close}; for HTTP/1.0 only with
     * {@code Connection: keep-alive}.
     *
     * @return whether the client asked for, or by default gets, a persistent connection
     */
    public boolean keepAlive() {
        if (headers.containsToken("Connection", "close")) {
            return false;
        }
        return version.isAtLeast(1, 1) || headers.containsToken("Connection", "keep-alive");
    }

    /**
     * Returns whether the request asks to switch to a protocol (RFC 9110 §7.8): its
     * {@code Connection} lists {@code upgrade} and its {@code Upgrade} lists the protocol, both
     * ignoring case.
     *
     * @param protocol the protocol token, such as {@code websocket}
     * @return whether the request asks to upgrade to it
     */
    public boolean wantsUpgrade(String protocol) {
        return headers.containsToken("Connection", "upgrade") && headers.containsToken("Upgrade", protocol);
    }

    /**
     * Returns the body length from {@code Content-Length}.
     *
     * @return the length, or -1 if the field is absent
     * @throws HttpException 400 if the field is malformed, which a parsed request never is
     */
    public long contentLength() {
        return Framing.contentLength(headers);
    }

    /**
     * Returns whether the body is sent in chunks: {@code chunked} is the final transfer coding.
     *
     * @return whether the body uses the chunked transfer coding
     */
    public boolean chunked() {
        return Framing.chunked(headers);
    }

    /**
     * Writes the request head: request line, header fields and the empty line.
     *
     * @return a new buffer holding the head, from position 0 to its limit, owned by the caller
     */
    public ByteBuffer encode() {
        String v = version.toString();
        int length = method.length() + 1 + target.length() + 1 + v.length() + 2 + headers.encodedLength() + 2;
        return new HeadWriter(length)
                .text(method).text(" ").text(target).text(" ").text(v).crlf()
                .fields(headers)
                .crlf()
                .toBuffer();
    }
}
