package dev.weft.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine a run came from, so that no figure travels without it.
 *
 * @param cpu the processor model, as the OS names it
 * @param cores the processors available to the JVM
 * @param memory total memory, as the OS reports it
 * @param os the operating system and kernel
 * @param jdk the JDK vendor and version the run used
 */
public record Machine(String cpu, int cores, String memory, String os, String jdk) {

    /**
     * Reads this machine.
     *
     * @return its description; fields the OS does not tell are {@code unknown}
     */
    public static Machine current() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> {
                    long kib = Long.parseLong(v.replaceAll("[^0-9]", ""));
                    return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
                })
                .orElse("unknown");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory, os, jdk);
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: the caller says "unknown" or falls back.
        }
        return Optional.empty();
    }

    /**
     * One line for the report.
     *
     * @return e.g. {@code AMD EPYC 7B13, 2 cores, 23.5 GiB, Linux 6.1, Eclipse Adoptium OpenJDK 64-Bit Server VM 25+36}
     */
    public String line() {
        return cpu + ", " + cores + " cores, " + memory + ", " + os + ", " + jdk;
    }
}
