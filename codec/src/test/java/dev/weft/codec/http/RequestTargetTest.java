package dev.weft.codec.http;

import static dev.weft.codec.http.Feeder.crlf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The request-target (RFC 9112 §3.2) and its path's percent-decoding (RFC 3986 §2.1), done so
 * that an encoded {@code /} never becomes a separator. Parsed from whole requests at every split
 * point.
 */
class RequestTargetTest {

    private static HttpRequest request(String method, String target) {
        return HttpRequestParserTest.parse(crlf(method + " " + target + " HTTP/1.1\nHost: h\n\n"), new byte[0]);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "/|/|NULL",
        "/chat|/chat|NULL",
        "/a%20b|/a b|NULL",
        "/caf%C3%A9|/caf\u00E9|NULL",
        "/a%2Fb|/a%2Fb|NULL",
        "/a%2fb|/a%2Fb|NULL",
        "/a%252Fb|/a%252Fb|NULL",
        "/a%25b|/a%25b|NULL",
        "/%7euser|/~user|NULL",
        "//double|//double|NULL",
        "/p?|/p|''",
        "/p?q=1&r=%20|/p|q=1&r=%20",
        "/p?a?b|/p|a?b",
        "http://example.com|/|NULL",
        "http://example.com?x|/|x",
        "HTTP://example.com:8080/a%20b?x=1|/a b|x=1",
        "https://[::1]/s|/s|NULL",
    })
    void splitsAndDecodes(String target, String path, String query) {
        HttpRequest r = request("GET", target);
        assertEquals(target, r.target());
        assertEquals(path, r.path());
        assertEquals(query, r.query());
    }

    @Test
    void asteriskIsForOptionsOnly() {
        HttpRequest r = request("OPTIONS", "*");
        assertEquals("*", r.path());
        assertNull(r.query());
        HttpException e = Feeder.rejectEverySplit(Feeder.requests(), crlf("GET * HTTP/1.1\nHost: h\n\n"));
        assertEquals(400, e.status());
        assertEquals("request target '*' is only for OPTIONS (RFC 9112 §3.2.4)", e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "/a%zz|malformed percent-escape in request path",
        "/a%2|malformed percent-escape in request path",
        "/a%|malformed percent-escape in request path",
        "/a%00b|request path encodes control character 0x00",
        "/a%0D%0Ab|request path encodes control character 0x0D",
        "/a%7F|request path encodes control character 0x7F",
        "/a%C3|request path does not decode to UTF-8",
        "/a%C0%AF|request path does not decode to UTF-8",
        "/a%ED%A0%80|request path does not decode to UTF-8",
        "/a#frag|invalid character 0x23 in request target",
        "/a\"b|invalid character 0x22 in request target",
        "/a{b}|invalid character 0x7B in request target",
        "example.com:443|request target must be an absolute path or an http(s) URI",
        "ftp://h/x|request target must be an absolute path or an http(s) URI",
        "http:///x|request target URI has no host",
        "http://user@h/x|request target URI carries user information",
    })
    void refusesBadTargets(String target, String message) {
        HttpException e = Feeder.rejectEverySplit(Feeder.requests(), crlf("GET " + target + " HTTP/1.1\nHost: h\n\n"));
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }

    @Test
    void refusesNonAsciiTargets() {
        byte[] input = Feeder.concat(crlf("GET /caf"), new byte[] {(byte) 0xC3, (byte) 0xA9}, crlf(" HTTP/1.1\nHost: h\n\n"));
        HttpException e = Feeder.rejectEverySplit(Feeder.requests(), input);
        assertEquals(400, e.status());
        assertEquals("invalid character 0xC3 in request target", e.getMessage());
    }

    @Test
    void ofDerivesPathAndQueryLikeTheParser() {
        HttpRequest r = HttpRequest.of("GET", "/a%20b?c", HttpVersion.HTTP_1_1, HttpHeaders.empty());
        assertEquals("/a b", r.path());
        assertEquals("c", r.query());
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.of("GET", "/%zz", HttpVersion.HTTP_1_1, HttpHeaders.empty()));
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.of("G T", "/", HttpVersion.HTTP_1_1, HttpHeaders.empty()));
    }
}
