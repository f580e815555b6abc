package dev.weft.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds headless Chromium and its chromedriver for the browser tests, the way the {@code weft}
 * launcher finds them (keep the two in step): {@code WEFT_CHROMIUM} and {@code WEFT_CHROMEDRIVER}
 * first, then each usual name in the directories of {@code WEFT_BROWSER_DIRS} (colon-separated),
 * else in {@code PATH} and the usual install locations. {@code ./weft test} checks this before
 * Maven starts and passes what it found in those two variables.
 */
final class Chromium {

    static final List<String> BROWSER_NAMES = List.of(
            "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "Chromium", "Google Chrome");
    static final List<String> DRIVER_NAMES = List.of("chromedriver", "chromium.chromedriver");

    /** The install command to name when either is missing. */
    static final String INSTALL = "apt-get install chromium chromium-driver (macOS: brew install --cask chromium chromedriver),"
            + " or set WEFT_CHROMIUM and WEFT_CHROMEDRIVER";

    private Chromium() {
    }

    /** Returns the browser executable, or empty when none is found. */
    static Optional<Path> browser() {
        return browser(System.getenv());
    }

    /** Returns the chromedriver executable, or empty when none is found. */
    static Optional<Path> driver() {
        return driver(System.getenv());
    }

    /** Returns the browser executable the environment {@code env} leads to, or empty. */
    static Optional<Path> browser(Map<String, String> env) {
        return find(env.get("WEFT_CHROMIUM"), BROWSER_NAMES, env);
    }

    /** Returns the chromedriver executable the environment {@code env} leads to, or empty. */
    static Optional<Path> driver(Map<String, String> env) {
        return find(env.get("WEFT_CHROMEDRIVER"), DRIVER_NAMES, env);
    }

    private static Optional<Path> find(String explicit, List<String> names, Map<String, String> env) {
        if (explicit != null && !explicit.isEmpty()) {
            // An explicit choice is not second-guessed: if it is wrong, say so rather than use another.
            Path path = Path.of(explicit);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (String dir : directories(env)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> directories(Map<String, String> env) {
        String override = env.get("WEFT_BROWSER_DIRS");
        if (override != null && !override.isEmpty()) {
            return List.of(override.split(File.pathSeparator));
        }
        List<String> dirs = new ArrayList<>();
        String path = env.get("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/snap/bin", "/usr/lib/chromium", "/usr/lib/chromium-browser",
                "/opt/google/chrome", "/opt/homebrew/bin", "/Applications/Chromium.app/Contents/MacOS",
                "/Applications/Google Chrome.app/Contents/MacOS", home + "/Applications/Chromium.app/Contents/MacOS"));
        return dirs;
    }
}
