package dev.weft.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Finds a real Autobahn|Testsuite report, kept as test data in this module's resources under
 * {@code autobahn/sample-report/}: the {@code index.json} of a run against Python websockets 10.4
 * and three of its per-case files.
 */
public final class SampleReport {

    private static final String INDEX = "/autobahn/sample-report/index.json";

    private SampleReport() {
    }

    /**
     * Returns the sample report's directory on the test class path.
     *
     * @return the directory holding {@code index.json}
     */
    public static Path dir() {
        URL index = SampleReport.class.getResource(INDEX);
        if (index == null || !"file".equals(index.getProtocol())) {
            // Surefire runs tests from target/test-classes, a directory; a jar would need extracting.
            fail("The Autobahn sample report is not a file on the test class path: " + INDEX + " -> " + index);
        }
        try {
            return Path.of(index.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(index.toString(), e);
        }
    }
}
