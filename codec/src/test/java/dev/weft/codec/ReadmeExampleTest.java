package dev.weft.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example, taken from README.md as written, compiled against the codec and
 * run; its output must be the output the README shows. So the README cannot drift from the code.
 */
class ReadmeExampleTest {

    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- readme-example: (\\w+) -->\\s*```java\\n(.*?)```.*?<!-- readme-example-output -->\\s*```text\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void readmeExamplesCompileRunAndPrintWhatTheReadmeSays(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = EXAMPLE.matcher(readme);
        int examples = 0;
        while (m.find()) {
            runExample(dir.resolve("example" + examples), m);
            examples++;
        }
        assertEquals(2, examples, "README.md's marked examples");
    }

    private void runExample(Path dir, Matcher m) throws Exception {
        Files.createDirectories(dir);
        String className = m.group(1);
        String source = m.group(2);
        String expectedOutput = m.group(3);

        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call();
        assertTrue(compiled, "the README example does not compile:\n" + diagnostics);

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass(className).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals(expectedOutput, captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"),
                className + "'s output");
    }
}
