package dev.weft.codec.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The transport SPI: providers are found by name through {@link java.util.ServiceLoader}. */
class TransportsTest {

    @Test
    void findsAProviderByName() {
        TransportProvider provider = Transports.provider("test-only");
        assertEquals("test-only", provider.name());
        assertTrue(Transports.available().contains("test-only"));
    }

    @Test
    void unknownNameListsWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transports.provider("carrier-pigeon"));
        assertEquals("unknown transport 'carrier-pigeon'; available: test-only", e.getMessage());
    }

    @Test
    void optionsRefuseNegativeValues() {
        TransportOptions d = TransportOptions.defaults();
        assertThrows(IllegalArgumentException.class,
                () -> new TransportOptions(-1, d.handshakeTimeout(), d.idleTimeout(), d.closeWaitTimeout(), d.connectTimeout()));
        assertThrows(IllegalArgumentException.class,
                () -> new TransportOptions(1, d.handshakeTimeout().negated(), d.idleTimeout(), d.closeWaitTimeout(), d.connectTimeout()));
    }

    /** A provider registered under META-INF/services in the test resources. */
    public static final class TestOnlyProvider implements TransportProvider {
        /** Creates the provider; ServiceLoader needs a public no-argument constructor. */
        public TestOnlyProvider() {
        }

        @Override
        public String name() {
            return "test-only";
        }

        @Override
        public Transport open(TransportOptions options) {
            throw new UnsupportedOperationException("discovery test only");
        }
    }
}
