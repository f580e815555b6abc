package dev.weft.codec.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request-target split into its path and query, with the path percent-decoded (RFC 9112 §3.2,
 * RFC 3986 §2.1).
 *
 * <p>Accepted forms: origin-form {@code /path?query}; absolute-form {@code http://host/path}
 * (or https), of which the path and query are kept; and asterisk-form {@code *}, for OPTIONS
 * only. Authority-form belongs to CONNECT, which a WebSocket server has no use for.
 *
 * <p>Decoding is made safe for routing: {@code %2F} stays {@code %2F}, so an encoded slash never
 * becomes a path separator, and {@code %25} stays {@code %25}, so that a decoded path still
 * tells {@code /a%2Fb} from {@code /a%252Fb}. Every other escape is decoded, and the bytes must
 * then be UTF-8 free of control characters. Dot-segments are left alone.
 *
 * @param path  the decoded path, or {@code *}
 * @param query the raw query after {@code ?}, or {@code null} if there is none
 */
record RequestTarget(String path, String query) {

    /**
     * Splits and decodes a request-target.
     *
     * @param method the request method, which decides whether {@code *} is allowed
     * @param target the raw request-target
     * @return the path and query
     * @throws HttpException with status 400 if the target is malformed
     */
    static RequestTarget parse(String method, String target) {
        if (target.isEmpty()) {
            throw bad("empty request target");
        }
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw bad("request target '*' is only for OPTIONS (RFC 9112 §3.2.4)");
            }
            return new RequestTarget("*", null);
        }
        String rest = target.charAt(0) == '/' ? target : absoluteFormPath(target);
        checkChars(rest, "");
        int q = rest.indexOf('?');
        String rawPath = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);
        return new RequestTarget(decodePath(rawPath.isEmpty() ? "/" : rawPath), query);
    }

    /** Returns what follows the authority of an absolute-form target (RFC 9112 §3.2.2). */
    private static String absoluteFormPath(String target) {
        String lower = target.toLowerCase(Locale.ROOT);
        int schemeEnd = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (schemeEnd < 0) {
            throw bad("request target must be an absolute path or an http(s) URI");
        }
        int end = schemeEnd;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
            end++;
        }
        String authority = target.substring(schemeEnd, end);
        checkChars(authority, "[]"); // brackets enclose an IPv6 literal (RFC 3986 §3.2.2)
        if (authority.isEmpty()) {
            throw bad("request target URI has no host");
        }
        if (authority.indexOf('@') >= 0) {
            // RFC 9110 §4.2.4: user information in an http URI is to be treated as an error.
            throw bad("request target URI carries user information");
        }
        return target.substring(end);
    }

    /**
     * Refuses any character that RFC 3986 does not allow in a path or query: only unreserved,
     * sub-delims, ":@/?%" and the given extras pass. This also refuses '#', since a fragment never
     * travels in a request (RFC 9112 §3.2), and every byte outside ASCII.
     */
    private static void checkChars(String s, String extra) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0 || extra.indexOf(c) >= 0;
            if (!ok) {
                throw bad(String.format("invalid character 0x%02X in request target", (int) c & 0xFF));
            }
        }
    }

    private static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                out[n++] = (byte) c;
                continue;
            }
            int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                throw bad("malformed percent-escape in request path");
            }
            int b = hi << 4 | lo;
            i += 2;
            if (b == '/' || b == '%') {
                // Kept encoded (upper case) so it cannot turn into a separator or a new escape.
                out[n++] = '%';
                out[n++] = '2';
                out[n++] = (byte) (b == '/' ? 'F' : '5');
            } else if (b < 0x20 || b == 0x7F) {
                throw bad(String.format("request path encodes control character 0x%02X", b));
            } else {
                out[n++] = (byte) b;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad("request path does not decode to UTF-8");
        }
    }

    private static HttpException bad(String message) {
        return new HttpException(HttpStatus.BAD_REQUEST, message);
    }
}
