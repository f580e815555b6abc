package dev.weft.codec.http;

import java.util.List;

/**
 * The rules of RFC 9112 §6 and §3.2 that a request's header fields must keep before anything may
 * act on it: how its body is delimited, and which host it names. Breaking them is how requests
 * get smuggled past a proxy, so each is refused outright.
 */
final class Framing {
    private Framing() {
    }

    /**
     * Checks a parsed request.
     *
     * @throws HttpException 400 or 501, naming the rule broken
     */
    static void check(HttpRequest request) {
        HttpHeaders headers = request.headers();
        int hosts = headers.count("Host");
        if (hosts > 1) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "more than one Host header (RFC 9112 §3.2)");
        }
        if (hosts == 0 && request.version().isAtLeast(1, 1)) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "HTTP/1.1 request without Host (RFC 9112 §3.2)");
        }
        long length = contentLength(headers);
        if (headers.contains("Transfer-Encoding")) {
            if (!request.version().isAtLeast(1, 1)) {
                // §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
                throw new HttpException(HttpStatus.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (length >= 0) {
                // §6.1: both at once is the classic smuggling vector; refuse rather than pick one.
                throw new HttpException(HttpStatus.BAD_REQUEST, "both Transfer-Encoding and Content-Length");
            }
            checkCodings(headers.tokens("Transfer-Encoding"));
        }
    }

    private static void checkCodings(List<String> codings) {
        if (codings.isEmpty() || !isChunked(codings.get(codings.size() - 1))) {
            // §6.3: without chunked last, a request's length cannot be known; MUST answer 400.
            throw new HttpException(HttpStatus.BAD_REQUEST, "chunked is not the final transfer coding");
        }
        List<String> before = codings.subList(0, codings.size() - 1);
        for (String coding : before) {
            if (isChunked(coding)) {
                // §7: chunked is never applied twice.
                throw new HttpException(HttpStatus.BAD_REQUEST, "chunked transfer coding applied twice");
            }
        }
        if (!before.isEmpty()) {
            // §6.1: a coding the server does not understand SHOULD get 501; only chunked is known.
            throw new HttpException(HttpStatus.NOT_IMPLEMENTED,
                    "transfer coding " + Syntax.excerpt(codingName(before.get(0))) + " is not supported");
        }
    }

    private static boolean isChunked(String coding) {
        return codingName(coding).equalsIgnoreCase("chunked");
    }

    /** A transfer-coding may carry parameters after ';' (RFC 9112 §7); the name comes first. */
    private static String codingName(String coding) {
        int semi = coding.indexOf(';');
        return Syntax.trimOws(semi < 0 ? coding : coding.substring(0, semi));
    }

    /**
     * Returns whether the last transfer coding is chunked.
     *
     * @param headers a message's fields
     * @return whether its body is chunked
     */
    static boolean chunked(HttpHeaders headers) {
        List<String> codings = headers.tokens("Transfer-Encoding");
        return !codings.isEmpty() && isChunked(codings.get(codings.size() - 1));
    }

    /**
     * Reads {@code Content-Length}. Several values, in one line or several, are allowed only if
     * they agree (RFC 9110 §8.6), as some senders repeat the field.
     *
     * @param headers a message's fields
     * @return the length, or -1 if the field is absent
     * @throws HttpException 400 if a value is not a decimal number or the values differ
     */
    static long contentLength(HttpHeaders headers) {
        long length = -1;
        for (String value : headers.all("Content-Length")) {
            for (String element : value.split(",", -1)) {
                long n = parseLength(Syntax.trimOws(element));
                if (length >= 0 && n != length) {
                    throw new HttpException(HttpStatus.BAD_REQUEST, "conflicting Content-Length values");
                }
                length = n;
            }
        }
        return length;
    }

    private static long parseLength(String s) {
        // 18 digits always fit in a long; longer is no length anyone can send.
        if (s.isEmpty() || s.length() > 18) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "invalid Content-Length " + Syntax.excerpt(s));
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpException(HttpStatus.BAD_REQUEST, "invalid Content-Length " + Syntax.excerpt(s));
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
