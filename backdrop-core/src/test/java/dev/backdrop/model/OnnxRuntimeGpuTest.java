package dev.backdrop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching the CUDA build's libraries over real HTTP, from jars the tests write in the onnxruntime_gpu layout. */
class OnnxRuntimeGpuTest {

    @TempDir
    Path cacheDir;

    private HttpServer server;
    private final Map<String, byte[]> served = new LinkedHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void keepsOnlyTheLinuxLibrariesOfTheJarAfterCheckingItsHash() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("ai/onnxruntime/OrtSession.class", "class");
        for (String library : OnnxRuntimeGpu.LIBRARIES) {
            entries.put(OnnxRuntimeGpu.NATIVE_FOLDER + library, "linux " + library);
        }
        entries.put(OnnxRuntimeGpu.NATIVE_FOLDER + "libonnxruntime_providers_tensorrt.so", "tensorrt");
        entries.put("ai/onnxruntime/native/win-x64/onnxruntime_providers_cuda.dll", "windows");
        byte[] jar = jar(entries);
        OnnxRuntimeGpu runtime = OnnxRuntimeGpu.in(new ModelCache(cacheDir));
        assertThat(runtime.installed()).isFalse();

        List<long[]> progress = new ArrayList<>();
        runtime.fetch(serve("/gpu.jar", jar), Sha256.of(jar), (stage, done, total) -> progress.add(new long[]{done, total}));

        assertThat(runtime.installed()).isTrue();
        try (var files = Files.list(runtime.directory())) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(OnnxRuntimeGpu.LIBRARIES);
        }
        assertThat(Files.readString(runtime.directory().resolve("libonnxruntime_providers_cuda.so")))
                .isEqualTo("linux libonnxruntime_providers_cuda.so");
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 2)).containsExactly(jar.length, jar.length);
        try (var left = Files.list(cacheDir)) {
            assertThat(left).as("no download or staging folder is left behind").hasSize(1);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime.directory())))
                .as("readable by the user a server runs as").isEqualTo("rwxr-xr-x");
    }

    @Test
    void aJarWithAnotherHashIsRefusedAndNothingIsKept() throws IOException {
        byte[] jar = jar(Map.of(OnnxRuntimeGpu.NATIVE_FOLDER + "libonnxruntime.so", "x"));
        OnnxRuntimeGpu runtime = OnnxRuntimeGpu.in(new ModelCache(cacheDir));

        assertThatThrownBy(() -> runtime.fetch(serve("/gpu.jar", jar), "0".repeat(64), FetchProgress.SILENT))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("sha256");
        assertThat(runtime.installed()).isFalse();
        try (var left = Files.list(cacheDir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aJarWithoutTheCudaProviderIsRefused() throws IOException {
        byte[] jar = jar(Map.of(OnnxRuntimeGpu.NATIVE_FOLDER + "libonnxruntime.so", "x"));
        OnnxRuntimeGpu runtime = OnnxRuntimeGpu.in(new ModelCache(cacheDir));

        assertThatThrownBy(() -> runtime.fetch(serve("/gpu.jar", jar), Sha256.of(jar), FetchProgress.SILENT))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("libonnxruntime4j_jni.so");
        assertThat(runtime.installed()).isFalse();
    }

    @Test
    void aMissingJarIsAnErrorNamingTheAddress() {
        OnnxRuntimeGpu runtime = OnnxRuntimeGpu.in(new ModelCache(cacheDir));
        URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nothing.jar");

        assertThatThrownBy(() -> runtime.fetch(missing, "0".repeat(64), FetchProgress.SILENT))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("HTTP 404");
    }

    @Test
    void usingItBeforeItIsFetchedSaysWhichCommandFetchesIt() {
        OnnxRuntimeGpu runtime = OnnxRuntimeGpu.in(new ModelCache(cacheDir));
        String before = System.getProperty("onnxruntime.native.path");

        assertThatThrownBy(runtime::use).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("backdrop models fetch onnxruntime-gpu");
        assertThat(System.getProperty("onnxruntime.native.path")).isEqualTo(before);
    }

    @Test
    void itsVersionIsTheOnnxRuntimeOnTheClassPath() {
        // The libraries must come from the same release as the Java API that calls them.
        assertThat(OrtEnvironment.getEnvironment().getVersion()).isEqualTo(OnnxRuntimeGpu.VERSION);
        assertThat(OnnxRuntimeGpu.JAR.toString()).contains("/" + OnnxRuntimeGpu.VERSION + "/");
    }

    private URI serve(String path, byte[] body) {
        served.put(path, body);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static byte[] jar(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
