package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.spi.TransportProvider;
import dev.weft.codec.spi.Transports;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module {@code dev.weft.transport.loom}: it requires the codec, provides the transport SPI
 * and exports nothing. Tests run on the class path, so this reads the compiled descriptor, and
 * checks the class-path registration too.
 */
class LoomModuleDescriptorTest {

    private final ModuleDescriptor descriptor = ModuleFinder.of(Path.of("target", "classes"))
            .find("dev.weft.transport.loom").orElseThrow(() -> new AssertionError("no module dev.weft.transport.loom in target/classes"))
            .descriptor();

    @Test
    void providesTheTransportAndExportsNothing() {
        assertEquals(Set.of(), descriptor.exports());
        assertEquals(Set.of("dev.weft.codec", "java.base"),
                descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        ModuleDescriptor.Provides provides = descriptor.provides().iterator().next();
        assertEquals(TransportProvider.class.getName(), provides.service());
        assertEquals(List.of(LoomTransportProvider.class.getName()), provides.providers());
    }

    @Test
    void isFoundByNameOnTheClassPath() {
        TransportProvider provider = Transports.provider("loom");
        assertEquals(LoomTransportProvider.class, provider.getClass());
    }
}
