package dev.weft.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real Autobahn sample report that lives beside the checkout, at
 * {@code ../shared/autobahn/sample-report/} from the repository root.
 */
public final class SampleReport {

    private SampleReport() {
    }

    /**
     * Returns the sample report's directory, or fails the test saying where it was looked for.
     *
     * @return the directory holding {@code index.json}
     */
    public static Path dir() {
        // The build passes the repository root; run from an IDE, the module directory is the working directory.
        String root = System.getProperty("weft.projectRoot");
        Path repo = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        Path dir = repo.resolve("../shared/autobahn/sample-report").normalize();
        if (!Files.isRegularFile(dir.resolve("index.json"))) {
            fail("The Autobahn sample report is missing: expected " + dir.resolve("index.json") + " (the folder"
                    + " shared/autobahn/sample-report/ beside the checkout, ../shared/autobahn/sample-report/ from the"
                    + " repository root " + repo.normalize() + "). The report-reader tests need it.");
        }
        return dir;
    }
}
