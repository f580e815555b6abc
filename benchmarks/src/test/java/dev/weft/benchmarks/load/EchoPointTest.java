package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Points read from the command line and the labels measurements carry. */
class EchoPointTest {

    @Test
    void parsesSizesWithUnits() {
        assertEquals(new EchoPoint(64, 16, 16), EchoPoint.parse("64x16x16"));
        assertEquals(new EchoPoint(8, 65536, 4), EchoPoint.parse("8x64KiBx4"));
        assertEquals(new EchoPoint(8, 65536, 4), EchoPoint.parse("8x64kx4"));
        assertEquals(new EchoPoint(1, 1 << 20, 1), EchoPoint.parse("1x1MiBx1"));
        assertThrows(IllegalArgumentException.class, () -> EchoPoint.parse("64x16"));
        assertThrows(IllegalArgumentException.class, () -> EchoPoint.parse("0x16x16"));
        assertThrows(IllegalArgumentException.class, () -> EchoPoint.parse("axbxc"));
    }

    @Test
    void labelsAsTheReportShowsThem() {
        assertEquals("64 conn × 16 B × 16", new EchoPoint(64, 16, 16).label());
        assertEquals("64 conn × 1 KiB × 16", new EchoPoint(64, 1024, 16).label());
        assertEquals("8 conn × 64 KiB × 4", new EchoPoint(8, 65536, 4).label());
        assertEquals("1 conn × 1 MiB × 1", new EchoPoint(1, 1 << 20, 1).label());
        assertEquals("1 conn × 1000 B × 1", new EchoPoint(1, 1000, 1).label());
    }
}
