package dev.backdrop.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy with its in-memory backend, checking AWS
 * signatures, on a free loopback port. It runs as a separate JVM from the jar Maven copies to
 * {@code target/s3proxy} (its Jetty 11 must stay off this module's class path). One server is
 * shared by all test classes and stopped when the test JVM exits. backdrop-cli's multi-process
 * tests use it too, giving the processes an {@code s3://} storage setting and its credentials.
 */
public final class S3ProxyServer {

    public static final String ACCESS_KEY = "backdrop-test";
    public static final String SECRET_KEY = "backdrop-test-secret";
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static S3ProxyServer shared;

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private S3ProxyServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = start();
            S3ProxyServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return shared;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Settings for {@code bucket} on this server, with the server's credentials unless given others. */
    StorageSettings.Bucket settings(String bucket, String prefix) {
        return settings(bucket, prefix, SECRET_KEY);
    }

    StorageSettings.Bucket settings(String bucket, String prefix, String secretKey) {
        return new StorageSettings.Bucket(bucket, prefix, Optional.of(endpoint), REGION, true,
                new StorageSettings.S3Credentials(ACCESS_KEY, secretKey, Optional.empty()));
    }

    /** Environment variables that {@link StorageSettings#parse} reads credentials from. */
    public static Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    public void createBucket(String bucket) {
        try (S3Client client = S3ResultStore.clientFor(settings(bucket, ""))) {
            client.createBucket(request -> request.bucket(bucket));
        }
    }

    private static S3ProxyServer start() {
        Path jar = Path.of(System.getProperty("backdrop.test.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar.toAbsolutePath()
                    + "; run the tests through Maven (test-compile copies it there).");
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return launch(jar);
            } catch (IllegalStateException e) {
                last = e; // most likely the free port was taken meanwhile
            }
        }
        throw last;
    }

    private static S3ProxyServer launch(Path jar) {
        try {
            int port = freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Path directory = jar.getParent();
            Path properties = directory.resolve("s3proxy-" + port + ".properties");
            Properties settings = new Properties();
            settings.setProperty("s3proxy.endpoint", endpoint.toString());
            settings.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            settings.setProperty("s3proxy.identity", ACCESS_KEY);
            settings.setProperty("s3proxy.credential", SECRET_KEY);
            settings.setProperty("jclouds.provider", "transient");
            settings.setProperty("jclouds.identity", "unused");
            settings.setProperty("jclouds.credential", "unused");
            try (var out = Files.newBufferedWriter(properties)) {
                settings.store(out, "S3Proxy for backdrop-server tests");
            }
            Path log = directory.resolve("s3proxy-" + port + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            S3ProxyServer server = new S3ProxyServer(process, endpoint, log);
            server.awaitListening(port);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start S3Proxy: " + e, e);
        }
    }

    private void awaitListening(int port) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n" + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        stop();
        throw new IllegalStateException("S3Proxy did not listen on port " + port + " within " + START_TIMEOUT
                + ":\n" + logTail());
    }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for S3Proxy", e);
        }
    }
}
