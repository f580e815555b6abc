package dev.weft.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The codec's module: it exports its API packages and nothing else, and depends on nothing but
 * the JDK: {@code java.base}, and {@code jdk.jfr} for its events. Tests run on the class path, so this reads the compiled descriptor itself.
 */
class ModuleDescriptorTest {

    private final ModuleDescriptor descriptor = ModuleFinder.of(Path.of("target", "classes"))
            .find("dev.weft.codec").orElseThrow(() -> new AssertionError("no module dev.weft.codec in target/classes"))
            .descriptor();

    @Test
    void exportsOnlyTheApiPackages() {
        Set<String> exports = descriptor.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        assertEquals(Set.of("dev.weft.codec.frame", "dev.weft.codec.extension", "dev.weft.codec.extension.deflate",
                "dev.weft.codec.http", "dev.weft.codec.handshake", "dev.weft.codec.engine", "dev.weft.codec.api",
                "dev.weft.codec.spi", "dev.weft.codec.observe"), exports);
    }

    @Test
    void sharesItsInternalsWithTheTransportsOnly() {
        Set<String> qualified = descriptor.exports().stream()
                .filter(ModuleDescriptor.Exports::isQualified)
                .map(e -> e.source() + " to " + new TreeSet<>(e.targets()))
                .collect(Collectors.toSet());
        assertEquals(Set.of("dev.weft.codec.internal to [dev.weft.transport.loom, dev.weft.transport.nio]"), qualified);
    }

    @Test
    void requiresNothingButTheJdk() {
        Set<String> requires = descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "jdk.jfr"), requires);
    }
}
