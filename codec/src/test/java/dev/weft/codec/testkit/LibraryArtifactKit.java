package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What an application that embeds one of Weft's libraries (the server or the client) gets: the
 * module exports only its API package and needs picocli (its command's) only statically; in the
 * POM, picocli is optional and the transports are runtime dependencies found by
 * {@code ServiceLoader}. Tests run on the class path, so this reads the compiled descriptor in
 * {@code target/classes} and the module's own {@code pom.xml}, from the module's directory.
 */
public abstract class LibraryArtifactKit {

    private final String module;
    private final ModuleDescriptor descriptor;

    /**
     * Creates the kit for one library module.
     *
     * @param module the module's name, which is also its one exported package, e.g. {@code dev.weft.server}
     */
    protected LibraryArtifactKit(String module) {
        this.module = module;
        this.descriptor = ModuleFinder.of(Path.of("target", "classes"))
                .find(module).orElseThrow(() -> new AssertionError("no module " + module + " in target/classes"))
                .descriptor();
    }

    @Test
    void exportsOnlyItsApi() {
        assertEquals(Set.of(module), descriptor.exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    }

    @Test
    void requiresTheCodecAndPicocliOnlyStatically() {
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = descriptor.requires().stream()
                .filter(r -> !r.name().startsWith("java."))
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers, (a, b) -> a, TreeMap::new));
        assertEquals(Set.of("dev.weft.codec", "info.picocli"), requires.keySet(), "no transport is required: " + requires);
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), requires.get("dev.weft.codec"));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), requires.get("info.picocli"));
        assertTrue(descriptor.uses().contains("dev.weft.codec.spi.TransportProvider"));
    }

    @Test
    void thePomMakesPicocliOptionalAndTheTransportsRuntime() throws Exception {
        // The project's own dependencies: the first <dependencies> block (modules have no dependency management).
        String pom = Files.readString(Path.of("pom.xml"));
        String block = pom.substring(pom.indexOf("<dependencies>"), pom.indexOf("</dependencies>"));
        Map<String, String> scopes = new TreeMap<>();
        Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(block);
        while (dependency.find()) {
            String d = dependency.group(1);
            String scope = text(d, "scope", "compile") + (text(d, "optional", "false").equals("true") ? ", optional" : "");
            scopes.putIfAbsent(text(d, "artifactId", "?"), scope);
        }
        assertEquals("compile, optional", scopes.get("picocli"));
        assertEquals("runtime", scopes.get("weft-transport-nio"));
        assertEquals("runtime", scopes.get("weft-transport-loom"));
        assertEquals("compile", scopes.get("weft-codec"));
        scopes.forEach((artifact, scope) -> assertTrue(!scope.equals("compile") || artifact.startsWith("weft-"),
                artifact + " would reach every application that embeds the library: " + scopes));
    }

    private static String text(String xml, String tag, String otherwise) {
        Matcher m = Pattern.compile("<" + tag + ">\\s*([^<]*?)\\s*</" + tag + ">").matcher(xml);
        return m.find() ? m.group(1) : otherwise;
    }
}
