package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial server run from a checkout exposes nothing it should not: it listens on
 * {@code localhost} only unless told otherwise, and dotfiles ({@code .git}, {@code .env}) are
 * neither served nor listed unless asked for.
 */
@Timeout(60)
class SafeByDefaultTest {

    @TempDir
    Path root;

    @BeforeEach
    void checkout() throws Exception {
        Files.createDirectories(root.resolve(".git/objects"));
        Files.writeString(root.resolve(".git/config"), "[remote \"origin\"]\n");
        Files.writeString(root.resolve(".env"), "SECRET=1\n");
        Files.writeString(root.resolve("README.md"), "# readme\n");
        Files.createDirectories(root.resolve("src/.cache"));
        Files.writeString(root.resolve("src/.cache/x"), "cached");
        Files.writeString(root.resolve("src/Main.java"), "class Main {}");
        Files.writeString(root.resolve("src/.hidden.txt"), "hidden");
    }

    @Test
    void listensOnLoopbackUnlessAskedForEveryInterface() throws Exception {
        try (WeftServer server = WeftServer.tutorial().port(0).staticRoot(root).build().start()) {
            assertTrue(server.localAddress().getAddress().isLoopbackAddress(), server.localAddress().toString());
            assertEquals("ws://localhost:" + server.port() + "/websocket", server.webSocketUri("/websocket").toString());
            assertEquals(200, RawHttp.get(server.port(), "/README.md").status());
        }
        try (WeftServer server = WeftServer.builder().port(0).build().start()) {
            assertTrue(server.localAddress().getAddress().isLoopbackAddress(), "the plain builder too");
        }
        try (WeftServer server = WeftServer.tutorial().host("0.0.0.0").port(0).staticRoot(root).build().start()) {
            InetSocketAddress bound = server.localAddress();
            assertTrue(bound.getAddress().isAnyLocalAddress(), bound.toString());
        }
    }

    @Test
    void dotfilesAre404AndUnlisted() throws Exception {
        Files.createSymbolicLink(root.resolve("config-link"), root.resolve(".git/config"));
        Files.createSymbolicLink(root.resolve("git-link"), root.resolve(".git"));
        try (WeftServer server = Servers.start("nio", root)) {
            int port = server.port();
            for (String path : List.of("/.git/config", "/.git/", "/.git", "/.env", "/src/.hidden.txt", "/src/.cache/x",
                    "/src/.cache/", "/%2Egit/config", "/%2eenv", "/./.env", "/src/../.env", "/config-link",
                    "/git-link/config", "/git-link/")) {
                RawHttp.Response r = RawHttp.get(port, path);
                // ".." is refused with 403 before anything is looked up; every other form is as if absent.
                assertEquals(path.contains("..") ? 403 : 404, r.status(), path + " -> " + r);
                assertFalse(r.text().contains("SECRET") || r.text().contains("origin") || r.text().contains("cached"), path);
            }
            assertEquals(404, RawHttp.request(port, "HEAD", "/.env").status());
            String top = RawHttp.get(port, "/").text();
            assertTrue(top.contains("href=\"README.md\""), top);
            assertTrue(top.contains("href=\"src/\""), top);
            for (String name : List.of(".git", ".env", "config-link", "git-link")) {
                assertFalse(top.contains(">" + name), name + " listed:\n" + top);
            }
            String src = RawHttp.get(port, "/src/").text();
            assertTrue(src.contains("href=\"Main.java\""), src);
            assertFalse(src.contains(".cache") || src.contains(".hidden"), src);
            // A file that merely has a dot inside its name is an ordinary file.
            assertEquals(200, RawHttp.get(port, "/README.md").status());
        }
    }

    @Test
    void serveDotfilesServesAndListsThem() throws Exception {
        try (WeftServer server = Servers.tutorial("nio", root).serveDotfiles(true).build().start()) {
            int port = server.port();
            assertEquals("SECRET=1\n", RawHttp.get(port, "/.env").text());
            assertEquals("[remote \"origin\"]\n", RawHttp.get(port, "/.git/config").text());
            assertEquals("hidden", RawHttp.get(port, "/src/.hidden.txt").text());
            String top = RawHttp.get(port, "/").text();
            assertTrue(top.contains(">.git/</a>") && top.contains(">.env</a>"), top);
            assertEquals(403, RawHttp.get(port, "/src/../.env").status(), "still no ..");
        }
    }
}
