package dev.weft.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JmhResultsTest {

    @Test
    void suitesComeFromClassNames() {
        assertEquals("masking", JmhResults.suiteOf("MaskingBenchmark"));
        assertEquals("text decode", JmhResults.suiteOf("TextDecodeBenchmark"));
    }

    @Test
    void rolesComeFromMethodNames() {
        assertEquals(Role.WEFT, JmhResults.roleOf("weft"));
        assertEquals(Role.WEFT, JmhResults.roleOf("weftVector"));
        assertEquals(Role.PEER, JmhResults.roleOf("netty"));
        assertEquals(Role.PEER, JmhResults.roleOf("jdk"));
        assertEquals(Role.BASELINE, JmhResults.roleOf("arraycopy"));
        assertEquals(Role.REFERENCE, JmhResults.roleOf("bytewise"));
    }

    @Test
    void sizesReadInBinaryUnits() {
        assertEquals("16 B", JmhResults.bytes(16));
        assertEquals("125 B", JmhResults.bytes(125));
        assertEquals("1 KiB", JmhResults.bytes(1024));
        assertEquals("64 KiB", JmhResults.bytes(65536));
        assertEquals("1 MiB", JmhResults.bytes(1 << 20));
        assertEquals("1500 B", JmhResults.bytes(1500));
    }
}
