package dev.weft.codec.testkit;

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

/**
 * Compiles and runs the Java examples of README.md as written, and checks each prints the output
 * the README shows under it, so the README cannot drift from the code. An example is a
 * {@code <!-- MARKER: ClassName -->} comment, a java block, then a {@code <!-- MARKER-output -->}
 * comment and a text block.
 */
public final class ReadmeExamples {
    private ReadmeExamples() {
    }

    /**
     * Runs every example with the given marker.
     *
     * @param marker   the marker that tags this module's examples
     * @param expected how many such examples the README must hold
     * @param work     a scratch directory
     * @throws Exception if an example cannot be compiled or run
     */
    public static void check(String marker, int expected, Path work) throws Exception {
        Pattern example = Pattern.compile("<!-- " + Pattern.quote(marker) + ": (\\w+) -->\\s*```java\\n(.*?)```.*?<!-- "
                + Pattern.quote(marker) + "-output -->\\s*```text\\n(.*?)```", Pattern.DOTALL);
        Matcher m = example.matcher(Files.readString(Path.of("..", "README.md")));
        int count = 0;
        while (m.find()) {
            run(work.resolve("example" + count), m.group(1), m.group(2), m.group(3));
            count++;
        }
        assertEquals(expected, count, "README.md's examples marked '" + marker + "'");
    }

    private static void run(Path dir, String className, String source, String expectedOutput) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call();
        assertTrue(compiled, "the README example " + className + " does not compile:\n" + diagnostics);

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ReadmeExamples.class.getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass(className).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals(expectedOutput, captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"),
                className + "'s output");
    }
}
