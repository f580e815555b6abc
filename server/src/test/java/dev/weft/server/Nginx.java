package dev.weft.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx, run by a test as an unprivileged reverse proxy: a generated config in a
 * temporary directory (its own pid file, logs and temp paths, {@code daemon off}, one process),
 * TLS terminated with the test's certificate, and WebSocket upgrades passed to a Weft server on
 * plain HTTP. {@code proxy_read_timeout} is short, as a strict proxy's would be, so that a
 * connection that says nothing for longer is dropped by nginx.
 */
final class Nginx implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path dir;
    private final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Finds the nginx binary: on {@code PATH}, or in {@code /usr/sbin}, where Debian puts it and
     * where a non-root {@code PATH} may not look.
     *
     * @return the binary, if installed
     */
    static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : (path + ":/usr/sbin:/usr/local/sbin:/usr/local/nginx/sbin").split(":")) {
            if (!d.isEmpty()) {
                Path candidate = Path.of(d, "nginx");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts nginx in front of {@code upstreamPort}, on a free port of its own.
     *
     * @param binary       the nginx binary
     * @param dir          an empty temporary directory for the config, logs and temp files
     * @param certificate  the PEM certificate nginx serves
     * @param key          its PEM private key
     * @param upstreamPort the Weft server's plain-HTTP port on 127.0.0.1
     * @param readTimeout  nginx's {@code proxy_read_timeout} (and send timeout)
     * @return the running proxy, once it accepts connections
     * @throws IOException if it does not start; the message quotes its error log
     */
    static Nginx start(Path binary, Path dir, Path certificate, Path key, int upstreamPort, Duration readTimeout)
            throws IOException, InterruptedException {
        IOException last = null;
        // nginx cannot listen on port 0 and report the port, so take a free one; another process
        // may grab it in between, hence a few tries.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config(dir, certificate, key, port, upstreamPort, readTimeout));
            Process p = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", conf.toString(),
                    "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            Nginx nginx = new Nginx(p, dir, port);
            try {
                nginx.awaitListening();
                return nginx;
            } catch (IOException e) {
                nginx.close();
                last = e;
            }
        }
        throw last;
    }

    private static String config(Path dir, Path certificate, Path key, int port, int upstreamPort, Duration readTimeout) {
        String d = dir.toString();
        long ms = readTimeout.toMillis();
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events {
                    worker_connections 64;
                }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    # The WebSocket upgrade, as nginx's documentation shows it: HTTP/1.1 to the
                    # upstream, and the hop-by-hop Upgrade and Connection headers passed on.
                    map $http_upgrade $connection_upgrade {
                        default upgrade;
                        '' close;
                    }
                    server {
                        listen 127.0.0.1:%2$d ssl;
                        ssl_certificate %3$s;
                        ssl_certificate_key %4$s;
                        location / {
                            proxy_pass http://127.0.0.1:%5$d;
                            proxy_http_version 1.1;
                            proxy_set_header Upgrade $http_upgrade;
                            proxy_set_header Connection $connection_upgrade;
                            proxy_set_header Host $host;
                            proxy_read_timeout %6$dms;
                            proxy_send_timeout %6$dms;
                        }
                    }
                }
                """.formatted(d, port, certificate, key, upstreamPort, ms);
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with status " + process.exitValue() + ":\n" + logs());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("nginx did not listen on " + port + " within " + START_TIMEOUT.toSeconds() + " s:\n" + logs());
    }

    int port() {
        return port;
    }

    /** The end of nginx's error log and output, to say what went wrong. */
    String logs() {
        StringBuilder s = new StringBuilder();
        for (String name : List.of("error.log", "stdout.log")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
                s.append(name).append(":\n  ").append(String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size())))
                        .append('\n');
            } catch (IOException e) {
                s.append(name).append(": none\n");
            }
        }
        return s.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
