package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No request reads outside the root: a corpus of traversal attempts, sent byte for byte, against
 * a root whose parent holds a secret, on every transport. Each case names the status expected:
 * 400 where the codec's request parser already refuses the target (raw backslash, NUL, bad
 * escapes), 403 where the file server refuses the path, 404 where the path is legal but leads
 * nowhere inside the root (including links that point out of it).
 */
@Timeout(60)
class TraversalTest {

    private static final String SECRET = "TOP-SECRET-CONTENT";

    @TempDir
    Path dir;
    private Path root;

    record Attempt(String target, int status) {
    }

    static List<Object[]> cases() {
        List<Attempt> corpus = List.of(
                new Attempt("/../secret.txt", 403),
                new Attempt("/../../../../../../etc/passwd", 403),
                new Attempt("/public/../../secret.txt", 403),
                new Attempt("/%2e%2e/secret.txt", 403),
                new Attempt("/%2E%2E/secret.txt", 403),
                new Attempt("/.%2e/secret.txt", 403),
                new Attempt("/%2e%2e%2fsecret.txt", 403),
                new Attempt("/..%2Fsecret.txt", 403),
                new Attempt("/public%2F..%2F..%2Fsecret.txt", 403),
                new Attempt("/%252e%252e/secret.txt", 404),
                new Attempt("/..%5Csecret.txt", 403),
                new Attempt("/%5C..%5Csecret.txt", 403),
                new Attempt("/..\\secret.txt", 400),
                new Attempt("/secret.txt%00.html", 400),
                new Attempt("/%c0%ae%c0%ae/secret.txt", 400),
                new Attempt("//etc/passwd", 404),
                new Attempt("///" + "..//secret.txt", 403),
                new Attempt("http://localhost/../secret.txt", 403),
                new Attempt("/escape/secret.txt", 404),
                new Attempt("/escape-file", 404),
                new Attempt("/escape/", 404),
                new Attempt("/./../secret.txt", 403),
                new Attempt("/....//secret.txt", 404));
        List<Object[]> all = new ArrayList<>();
        for (String transport : Servers.transports()) {
            for (Attempt a : corpus) {
                all.add(new Object[] {transport, a.target(), a.status()});
            }
        }
        return all;
    }

    @BeforeEach
    void layout() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), SECRET);
        root = Files.createDirectories(dir.resolve("public"));
        Files.writeString(root.resolve("ok.txt"), "fine");
        Files.createSymbolicLink(root.resolve("escape"), dir);
        Files.createSymbolicLink(root.resolve("escape-file"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("inside-link"), root.resolve("ok.txt"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("cases")
    void refused(String transport, String target, int status) throws Exception {
        try (WeftServer server = Servers.start(transport, root)) {
            RawHttp.Response response = RawHttp.get(server.port(), target);
            assertFalse(response.text().contains(SECRET), "leaked the secret: " + response);
            assertFalse(response.text().contains("root:"), "leaked /etc/passwd: " + response);
            assertEquals(status, response.status(), response.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void linksInsideTheRootStillWorkAndEscapingOnesAreNotListed(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root)) {
            assertEquals("fine", RawHttp.get(server.port(), "/inside-link").text());
            assertEquals("fine", RawHttp.get(server.port(), "/ok.txt").text());
            String listing = RawHttp.get(server.port(), "/").text();
            assertTrue(listing.contains("inside-link"), listing);
            assertFalse(listing.contains("escape"), listing);
        }
    }

    static List<String> transports() {
        return Servers.transports();
    }
}
