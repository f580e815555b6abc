package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plain HTTP on the WebSocket port, end to end on every transport: /rest, static files (types,
 * HEAD, 304 by ETag and by date, 206 and 416, listings, redirects, 404, 405) and the built-in
 * pages (RFC 9110 §9.3, §13, §14, §15).
 */
@Timeout(60)
class HttpRoutesTest {

    private static final Instant MODIFIED = Instant.parse("2024-02-29T12:34:56Z");

    @TempDir
    Path root;
    private WeftServer server;
    private int port;

    static List<String> transports() {
        return Servers.transports();
    }

    @BeforeEach
    void files() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "Hello, Weft!\n");
        Files.writeString(root.resolve("page.html"), "<p>page</p>");
        Files.writeString(root.resolve("style.css"), "p{}");
        Files.writeString(root.resolve("app.js"), "1;");
        Files.writeString(root.resolve("data.json"), "{}");
        Files.write(root.resolve("pixel.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.write(root.resolve("blob.weird"), new byte[] {1});
        Files.write(root.resolve("empty.txt"), new byte[0]);
        byte[] digits = new byte[1000];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (byte) ('0' + i % 10);
        }
        Files.write(root.resolve("digits.txt"), digits);
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(MODIFIED));
        Files.createDirectories(root.resolve("docs/inner"));
        Files.writeString(root.resolve("docs/a <b>&\"c\".txt"), "tricky");
        Files.writeString(root.resolve("docs/ünï cödé.txt"), "unicode");
        Files.createDirectories(root.resolve("site"));
        Files.writeString(root.resolve("site/index.html"), "<h1>index</h1>");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String transport) throws Exception {
        server = Servers.start(transport, root);
        port = server.port();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void restAnswersExactly(String transport) throws Exception {
        start(transport);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rest"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"result\": 123}", response.body());

        RawHttp.Response raw = RawHttp.get(port, "/rest");
        assertEquals("HTTP/1.1 200 OK", raw.statusLine());
        assertEquals("15", raw.header("Content-Length"));
        assertEquals("{\"result\": 123}", raw.text());
        RawHttp.Response head = RawHttp.request(port, "HEAD", "/rest");
        assertEquals(200, head.status());
        assertEquals("15", head.header("Content-Length"));
        assertEquals(0, head.body().length);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void filesCarryTheirTypesAndValidators(String transport) throws Exception {
        start(transport);
        RawHttp.Response hello = RawHttp.get(port, "/hello.txt");
        assertEquals(200, hello.status());
        assertEquals("Hello, Weft!\n", hello.text());
        assertEquals("text/plain; charset=utf-8", hello.header("Content-Type"));
        assertEquals("13", hello.header("Content-Length"));
        assertEquals("Thu, 29 Feb 2024 12:34:56 GMT", hello.header("Last-Modified"));
        assertEquals("bytes", hello.header("Accept-Ranges"));
        assertTrue(hello.header("ETag").matches("\"[0-9a-f]+-[0-9a-f]+\""), hello.header("ETag"));

        String[][] types = {
            {"/page.html", "text/html; charset=utf-8"},
            {"/style.css", "text/css; charset=utf-8"},
            {"/app.js", "text/javascript; charset=utf-8"},
            {"/data.json", "application/json"},
            {"/pixel.png", "image/png"},
            {"/blob.weird", "application/octet-stream"},
            {"/site/index.html", "text/html; charset=utf-8"},
        };
        for (String[] t : types) {
            RawHttp.Response r = RawHttp.get(port, t[0]);
            assertEquals(200, r.status(), t[0]);
            assertEquals(t[1], r.header("Content-Type"), t[0]);
            assertArrayEquals(Files.readAllBytes(root.resolve(t[0].substring(1))), r.body(), t[0]);
        }
        RawHttp.Response empty = RawHttp.get(port, "/empty.txt");
        assertEquals(200, empty.status());
        assertEquals("0", empty.header("Content-Length"));
        assertEquals(0, empty.body().length);

        RawHttp.Response head = RawHttp.request(port, "HEAD", "/hello.txt");
        assertEquals(200, head.status());
        assertEquals("13", head.header("Content-Length"));
        assertEquals(hello.header("ETag"), head.header("ETag"));
        assertEquals(0, head.body().length);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void oneKeptAliveConnectionServesSeveralFiles(String transport) throws Exception {
        start(transport);
        byte[] big = new byte[3 << 20];
        new java.util.Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            // Pipelined: a file sent as a region, a range of another, a generated answer, then close.
            socket.getOutputStream().write(("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /digits.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=3-5\r\n\r\n"
                    + "GET /rest HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            assertArrayEquals(big, readResponse(in, 200));
            assertEquals("345", new String(readResponse(in, 206), StandardCharsets.US_ASCII));
            assertEquals("{\"result\": 123}", new String(readResponse(in, 200), StandardCharsets.UTF_8));
            assertEquals("Hello, Weft!\n", new String(readResponse(in, 200), StandardCharsets.UTF_8));
            assertEquals(-1, in.read(), "closed after Connection: close");
        }
    }

    /** Reads one response framed by Content-Length and returns its body. */
    private static byte[] readResponse(java.io.DataInputStream in, int status) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed inside a head: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 " + status + " "), head.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        assertTrue(m.find(), head.toString());
        byte[] body = new byte[Integer.parseInt(m.group(1))];
        in.readFully(body);
        return body;
    }

    @ParameterizedTest
    @MethodSource("transports")
    void conditionalRequestsGet304(String transport) throws Exception {
        start(transport);
        String etag = RawHttp.get(port, "/hello.txt").header("ETag");
        RawHttp.Response byTag = RawHttp.get(port, "/hello.txt", "If-None-Match: \"other\", " + etag);
        assertEquals(304, byTag.status());
        assertEquals(etag, byTag.header("ETag"));
        assertEquals(0, byTag.body().length);
        assertEquals(304, RawHttp.get(port, "/hello.txt", "If-None-Match: W/" + etag).status(), "weak comparison");
        assertEquals(304, RawHttp.get(port, "/hello.txt", "If-None-Match: *").status());
        assertEquals(200, RawHttp.get(port, "/hello.txt", "If-None-Match: \"stale\"").status());

        assertEquals(304, RawHttp.get(port, "/hello.txt", "If-Modified-Since: Thu, 29 Feb 2024 12:34:56 GMT").status());
        assertEquals(304, RawHttp.get(port, "/hello.txt", "If-Modified-Since: Fri, 01 Mar 2024 00:00:00 GMT").status());
        assertEquals(200, RawHttp.get(port, "/hello.txt", "If-Modified-Since: Thu, 29 Feb 2024 12:34:55 GMT").status());
        assertEquals(200, RawHttp.get(port, "/hello.txt", "If-Modified-Since: yesterday").status(), "a bad date is ignored");
        // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
        assertEquals(200, RawHttp.get(port, "/hello.txt", "If-None-Match: \"stale\"",
                "If-Modified-Since: Fri, 01 Mar 2024 00:00:00 GMT").status());
        assertEquals(304, RawHttp.request(port, "HEAD", "/hello.txt", "If-None-Match: " + etag).status());
    }

    @ParameterizedTest
    @MethodSource("transports")
    void singleRangesGet206(String transport) throws Exception {
        start(transport);
        RawHttp.Response middle = RawHttp.get(port, "/digits.txt", "Range: bytes=10-19");
        assertEquals(206, middle.status());
        assertEquals("HTTP/1.1 206 Partial Content", middle.statusLine());
        assertEquals("bytes 10-19/1000", middle.header("Content-Range"));
        assertEquals("10", middle.header("Content-Length"));
        assertEquals("0123456789", middle.text());

        RawHttp.Response open = RawHttp.get(port, "/digits.txt", "Range: bytes=995-");
        assertEquals(206, open.status());
        assertEquals("bytes 995-999/1000", open.header("Content-Range"));
        assertEquals("56789", open.text());

        RawHttp.Response suffix = RawHttp.get(port, "/digits.txt", "Range: bytes=-3");
        assertEquals("bytes 997-999/1000", suffix.header("Content-Range"));
        assertEquals("789", suffix.text());

        RawHttp.Response past = RawHttp.get(port, "/digits.txt", "Range: bytes=990-5000");
        assertEquals("bytes 990-999/1000", past.header("Content-Range"));

        RawHttp.Response unsatisfiable = RawHttp.get(port, "/digits.txt", "Range: bytes=1000-");
        assertEquals(416, unsatisfiable.status());
        assertEquals("bytes */1000", unsatisfiable.header("Content-Range"));

        assertEquals(200, RawHttp.get(port, "/digits.txt", "Range: bytes=5-1").status(), "invalid: ignored");
        assertEquals(200, RawHttp.get(port, "/digits.txt", "Range: lines=1-2").status(), "unknown unit: ignored");
        assertEquals(200, RawHttp.get(port, "/digits.txt", "Range: bytes=0-1,5-6").status(), "several: whole file");
        String etag = middle.header("ETag");
        assertEquals(206, RawHttp.get(port, "/digits.txt", "Range: bytes=0-0", "If-Range: " + etag).status());
        assertEquals(200, RawHttp.get(port, "/digits.txt", "Range: bytes=0-0", "If-Range: \"old\"").status());
    }

    @ParameterizedTest
    @MethodSource("transports")
    void directoriesAreListedSafely(String transport) throws Exception {
        start(transport);
        RawHttp.Response listing = RawHttp.get(port, "/docs/");
        assertEquals(200, listing.status());
        assertEquals("text/html; charset=utf-8", listing.header("Content-Type"));
        String html = listing.text();
        assertTrue(html.contains("<title>Index of /docs/</title>"), html);
        assertTrue(html.contains("<a href=\"../\">"), html);
        assertTrue(html.contains("<a href=\"inner/\">inner/</a>"), html);
        // Markup in a name is escaped in the text and percent-encoded in the link.
        assertTrue(html.contains("<a href=\"a%20%3Cb%3E%26%22c%22.txt\">a &lt;b&gt;&amp;&quot;c&quot;.txt</a>"), html);
        assertFalse(html.contains("<b>&"), html);
        assertTrue(html.contains("<a href=\"%C3%BCn%C3%AF%20c%C3%B6d%C3%A9.txt\">ünï cödé.txt</a>"), html);
        assertTrue(html.contains("<td class=\"size\">6</td>"), "sizes: " + html);
        assertTrue(html.matches("(?s).*<td>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC</td>.*"), "dates: " + html);

        // The links work.
        assertEquals("tricky", RawHttp.get(port, "/docs/a%20%3Cb%3E%26%22c%22.txt").text());
        assertEquals("unicode", RawHttp.get(port, "/docs/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9.txt").text());

        RawHttp.Response top = RawHttp.get(port, "/");
        assertTrue(top.text().contains("<a href=\"hello.txt\">hello.txt</a>"), top.text());
        assertFalse(top.text().contains("href=\"../\""), "no parent above the root");

        RawHttp.Response redirect = RawHttp.get(port, "/docs?x=1");
        assertEquals(301, redirect.status());
        assertEquals("/docs/?x=1", redirect.header("Location"));

        RawHttp.Response index = RawHttp.get(port, "/site/");
        assertEquals("<h1>index</h1>", index.text(), "index.html instead of a listing");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void missingFilesAndOtherMethods(String transport) throws Exception {
        start(transport);
        assertEquals(404, RawHttp.get(port, "/nothing-here.txt").status());
        assertEquals(404, RawHttp.get(port, "/hello.txt/more").status());
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            RawHttp.Response r = RawHttp.request(port, method, "/hello.txt", "Content-Length: 0");
            assertEquals(405, r.status(), method);
            assertEquals("GET, HEAD", r.header("Allow"), method);
        }
        // An upgrade on a path with no endpoint is refused, not answered with a file.
        RawHttp.Response upgrade = RawHttp.get(port, "/hello.txt", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        assertEquals(404, upgrade.status());
        // Plain GET on the WebSocket path: the handshake's own answer, 426 naming websocket.
        RawHttp.Response plain = RawHttp.get(port, "/websocket");
        assertEquals(426, plain.status());
        assertEquals("websocket", plain.header("Upgrade"));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void builtInPagesUnlessTheRootHasThem(String transport) throws Exception {
        start(transport);
        RawHttp.Response test = RawHttp.get(port, "/test.html");
        assertEquals(200, test.status());
        assertEquals("text/html; charset=utf-8", test.header("Content-Type"));
        assertTrue(test.text().contains("<button id=\"connect\">Connect</button>"), test.text());
        assertFalse(test.text().matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external resources");
        assertEquals(304, RawHttp.get(port, "/test.html", "If-None-Match: " + test.header("ETag")).status());
        RawHttp.Response lws = RawHttp.get(port, "/lws.html");
        assertEquals(200, lws.status());
        assertTrue(lws.text().contains(">WebSocket test</h1>"), lws.text());

        Files.writeString(root.resolve("lws.html"), "mine");
        assertEquals("mine", RawHttp.get(port, "/lws.html").text());

        try (WeftServer bare = WeftServer.builder().host("127.0.0.1").port(0).transport(transport).build().start()) {
            assertEquals(404, RawHttp.get(bare.port(), "/test.html").status(), "no pages unless asked for");
        }
    }
}
