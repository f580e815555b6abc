package dev.weft.server;

import dev.weft.codec.testkit.ReadmeExamples;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding example, taken from README.md as written, compiled against the server
 * and run; it must print what the README says it prints.
 */
@Timeout(60)
class ReadmeExampleTest {

    @Test
    void theEmbeddingExampleCompilesRunsAndPrintsWhatTheReadmeSays(@TempDir Path dir) throws Exception {
        ReadmeExamples.check("server-example", 1, dir);
    }
}
