package dev.weft.codec;

import dev.weft.codec.testkit.ReadmeExamples;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's codec examples, taken from README.md as written, compiled against the codec and
 * run; each must print the output the README shows.
 */
class ReadmeExampleTest {

    @Test
    void readmeExamplesCompileRunAndPrintWhatTheReadmeSays(@TempDir Path dir) throws Exception {
        ReadmeExamples.check("readme-example", 2, dir);
    }
}
