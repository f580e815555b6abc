package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.benchmarks.load.ServerJvm;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;

/**
 * Every JVM that runs Netty here runs it tuned: each JMH fork, whatever the annotation that starts
 * it (a method's own {@code @Fork} replaces its class's), and each echo-server child; and the
 * children run on the settings a user would use, without a fixed or pre-touched heap.
 */
class NettyFlagsTest {

    @ParameterizedTest
    @ValueSource(classes = {DecodeBenchmark.class, EncodeBenchmark.class, MaskingBenchmark.class, TextDecodeBenchmark.class,
        HandshakeBenchmark.class})
    void everyForkRunsNettyTuned(Class<?> benchmark) {
        Fork classFork = benchmark.getAnnotation(Fork.class);
        assertNotNull(classFork, benchmark.getSimpleName() + " says how it forks");
        assertTrue(List.of(classFork.jvmArgsPrepend()).containsAll(NettyFlags.all()), benchmark.getSimpleName());
        for (Method m : benchmark.getDeclaredMethods()) {
            Fork own = m.getAnnotation(Fork.class);
            if (m.isAnnotationPresent(Benchmark.class) && own != null) {
                assertTrue(List.of(own.jvmArgsPrepend()).containsAll(NettyFlags.all()), benchmark.getSimpleName() + "." + m.getName());
            }
        }
    }

    @Test
    void everyServerChildRunsNettyTunedOnAUsersHeap() {
        List<String> options = ServerJvm.defaults().effectiveOptions();
        assertTrue(options.containsAll(NettyFlags.all()), options.toString());
        assertFalse(options.stream().anyMatch(o -> o.startsWith("-Xms") || o.contains("AlwaysPreTouch")), options.toString());
    }
}
