package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP details a static server gets right (RFC 9110): {@code Date} on every answer (§6.6.1),
 * a {@code Server} field that can be turned off (§10.2.4), 412 for failed {@code If-Match} and
 * {@code If-Unmodified-Since} in the order of §13.2.2, and a file asked for as a directory
 * ({@code /file.txt/}) is 404.
 */
@Timeout(60)
class ResponseFieldsTest {

    private static final Instant MODIFIED = Instant.parse("2024-02-29T12:34:56Z");
    /** IMF-fixdate, RFC 9110 §5.6.7: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final String IMF_FIXDATE = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d\\d:\\d\\d:\\d\\d GMT";

    @TempDir
    Path root;

    static List<String> transports() {
        return Servers.transports();
    }

    @BeforeEach
    void files() throws Exception {
        Files.writeString(root.resolve("file.txt"), "content\n");
        Files.setLastModifiedTime(root.resolve("file.txt"), FileTime.from(MODIFIED));
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/inner.txt"), "inner");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void everyAnswerHasADateAndTheServer(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root)) {
            int port = server.port();
            String etag = RawHttp.get(port, "/file.txt").header("ETag");
            Map<String, RawHttp.Response> answers = new java.util.LinkedHashMap<>();
            answers.put("file", RawHttp.get(port, "/file.txt"));
            answers.put("head", RawHttp.request(port, "HEAD", "/file.txt"));
            answers.put("range", RawHttp.get(port, "/file.txt", "Range: bytes=0-1"));
            answers.put("416", RawHttp.get(port, "/file.txt", "Range: bytes=100-"));
            answers.put("304", RawHttp.get(port, "/file.txt", "If-None-Match: " + etag));
            answers.put("412", RawHttp.get(port, "/file.txt", "If-Match: \"other\""));
            answers.put("listing", RawHttp.get(port, "/dir/"));
            answers.put("redirect", RawHttp.get(port, "/dir"));
            answers.put("404", RawHttp.get(port, "/missing"));
            answers.put("405", RawHttp.request(port, "POST", "/file.txt", "Content-Length: 0"));
            answers.put("rest", RawHttp.get(port, "/rest"));
            answers.put("page", RawHttp.get(port, "/test.html"));
            answers.put("icon", RawHttp.get(port, "/favicon.ico"));
            answers.put("no endpoint", RawHttp.get(port, "/file.txt", "Upgrade: websocket", "Connection: Upgrade"));
            answers.put("426", RawHttp.get(port, "/websocket"));
            answers.put("405 at the endpoint", RawHttp.request(port, "POST", "/websocket", "Content-Length: 0"));
            // Answers the connection makes by itself: a refused upgrade, a malformed request.
            answers.put("refused upgrade", RawHttp.get(port, "/websocket", "Upgrade: websocket", "Connection: Upgrade",
                    "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: too-short"));
            answers.put("malformed", RawHttp.get(port, "/file.txt", "Bad Header: x"));
            Instant now = Instant.now();
            answers.forEach((what, r) -> {
                String date = r.header("Date");
                assertTrue(date != null && date.matches(IMF_FIXDATE), what + ": Date " + date + "\n" + r);
                Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                // A sanity bound only: the clock the answer was stamped with is this machine's.
                assertTrue(Duration.between(sent, now).abs().compareTo(Duration.ofMinutes(10)) < 0, what + ": " + date);
                assertEquals("Weft", r.header("Server"), what);
                assertEquals(1, r.headers().count("Date"), what);
            });
            assertEquals(304, answers.get("304").status());
            assertEquals(412, answers.get("412").status());
            assertEquals(426, answers.get("426").status());
            assertEquals("websocket", answers.get("426").header("Upgrade"));
            assertEquals(405, answers.get("405 at the endpoint").status());
            assertEquals("GET", answers.get("405 at the endpoint").header("Allow"));
            assertEquals(400, answers.get("refused upgrade").status());
            assertEquals(400, answers.get("malformed").status());
        }
    }

    @Test
    void theServerFieldCanBeTurnedOff() throws Exception {
        try (WeftServer server = Servers.tutorial("nio", root).serverHeader(null).build().start()) {
            RawHttp.Response r = RawHttp.get(server.port(), "/file.txt");
            assertEquals(200, r.status());
            assertNull(r.header("Server"), r.toString());
            assertTrue(r.header("Date") != null, "Date stays");
        }
        try (WeftServer server = Servers.tutorial("nio", root).serverHeader("Tutorial").build().start()) {
            assertEquals("Tutorial", RawHttp.get(server.port(), "/rest").header("Server"));
        }
        for (String bad : List.of("", " ", "a\r\nX-Injected: 1")) {
            try {
                WeftServer.builder().serverHeader(bad);
                throw new AssertionError("accepted '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().startsWith("not a Server field value"), expected.getMessage());
            }
        }
    }

    @Test
    void aFileAskedForAsADirectoryIs404() throws Exception {
        try (WeftServer server = Servers.start("nio", root)) {
            int port = server.port();
            assertEquals(200, RawHttp.get(port, "/file.txt").status());
            assertEquals(404, RawHttp.get(port, "/file.txt/").status());
            assertEquals(404, RawHttp.get(port, "/dir/inner.txt/").status());
            assertEquals(404, RawHttp.request(port, "HEAD", "/file.txt/").status());
            assertEquals(404, RawHttp.get(port, "/test.html/").status(), "the built-in pages too");
            assertEquals(200, RawHttp.get(port, "/dir/").status(), "a directory with its slash is listed");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void failedPreconditionsAre412(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root)) {
            int port = server.port();
            String etag = RawHttp.get(port, "/file.txt").header("ETag");
            // §13.1.1 If-Match: strong comparison; * matches any current representation.
            assertEquals(200, RawHttp.get(port, "/file.txt", "If-Match: " + etag).status());
            assertEquals(200, RawHttp.get(port, "/file.txt", "If-Match: \"a\", " + etag).status());
            assertEquals(200, RawHttp.get(port, "/file.txt", "If-Match: *").status());
            RawHttp.Response failed = RawHttp.get(port, "/file.txt", "If-Match: \"stale\"");
            assertEquals(412, failed.status());
            assertEquals("HTTP/1.1 412 Precondition Failed", failed.statusLine());
            assertEquals(etag, failed.header("ETag"));
            assertEquals(412, RawHttp.get(port, "/file.txt", "If-Match: W/" + etag).status(), "a weak tag never matches");
            assertEquals(412, RawHttp.request(port, "HEAD", "/file.txt", "If-Match: \"stale\"").status());

            // §13.1.4 If-Unmodified-Since: fails when the file changed after the date.
            assertEquals(200, RawHttp.get(port, "/file.txt", "If-Unmodified-Since: Thu, 29 Feb 2024 12:34:56 GMT").status());
            assertEquals(200, RawHttp.get(port, "/file.txt", "If-Unmodified-Since: Fri, 01 Mar 2024 00:00:00 GMT").status());
            assertEquals(412, RawHttp.get(port, "/file.txt", "If-Unmodified-Since: Thu, 29 Feb 2024 12:34:55 GMT").status());
            assertEquals(200, RawHttp.get(port, "/file.txt", "If-Unmodified-Since: not a date").status(), "ignored");

            // §13.2.2: If-Match is evaluated first, and when present If-Unmodified-Since is ignored.
            assertEquals(200, RawHttp.get(port, "/file.txt", "If-Match: " + etag,
                    "If-Unmodified-Since: Thu, 01 Jan 2015 00:00:00 GMT").status());
            assertEquals(412, RawHttp.get(port, "/file.txt", "If-Match: \"stale\"",
                    "If-Unmodified-Since: Fri, 01 Mar 2024 00:00:00 GMT").status());
            // ...and both come before If-None-Match's 304 and before a range.
            assertEquals(412, RawHttp.get(port, "/file.txt", "If-Match: \"stale\"", "If-None-Match: " + etag).status());
            assertEquals(412, RawHttp.get(port, "/file.txt", "If-Unmodified-Since: Thu, 01 Jan 2015 00:00:00 GMT",
                    "Range: bytes=0-1").status());
            // A missing file is 404 whatever its conditions (§13.2.1).
            assertEquals(404, RawHttp.get(port, "/missing.txt", "If-Match: *").status());
            // The built-in pages follow the same rules.
            String pageTag = RawHttp.get(port, "/lws.html").header("ETag");
            assertEquals(200, RawHttp.get(port, "/lws.html", "If-Match: " + pageTag).status());
            assertEquals(412, RawHttp.get(port, "/lws.html", "If-Match: \"stale\"").status());
        }
    }
}
