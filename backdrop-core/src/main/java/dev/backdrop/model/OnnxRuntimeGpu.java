package dev.backdrop.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The CUDA build of ONNX Runtime's native libraries, kept in the model cache. The onnxruntime jar
 * on the class path carries CPU libraries only; the onnxruntime_gpu jar of the same version has the
 * same Java classes plus the CUDA provider (about 600 MB), so instead of shipping it in every build
 * its Linux libraries are fetched once from Maven Central and ONNX Runtime is pointed at them.
 *
 * @param directory where the libraries are kept
 */
public record OnnxRuntimeGpu(Path directory) {

    /** Must equal the version of the onnxruntime Java API on the class path (a test checks it). */
    public static final String VERSION = "1.29.0";
    static final URI JAR = URI.create("https://repo1.maven.org/maven2/com/microsoft/onnxruntime/onnxruntime_gpu/"
            + VERSION + "/onnxruntime_gpu-" + VERSION + ".jar");
    static final String JAR_SHA256 = "fe39a98c499fc9be3944dd2bf2fb77d7dc5f152668bf95d8beb1c3d7b22f2a89";
    static final String NATIVE_FOLDER = "ai/onnxruntime/native/linux-x64/";
    /** What ONNX Runtime loads for the CUDA provider; the TensorRT provider is not used. */
    static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so",
            "libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so");
    /** The property ONNX Runtime's Java loader reads its native libraries' folder from. */
    static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    public static OnnxRuntimeGpu in(ModelCache cache) {
        return new OnnxRuntimeGpu(cache.directory().resolve("onnxruntime-gpu-" + VERSION));
    }

    public static String cliName() {
        return "onnxruntime-gpu";
    }

    public boolean installed() {
        return LIBRARIES.stream().allMatch(name -> Files.isRegularFile(directory.resolve(name)));
    }

    /**
     * Points ONNX Runtime at these libraries. Only the first ONNX Runtime call of the process reads
     * the setting, so this runs before any model is opened.
     */
    public void use() {
        String platform = System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/" + System.getProperty("os.arch");
        if (!platform.equals("linux/amd64")) {
            throw new ModelUnavailableException("the CUDA build of ONNX Runtime is used on Linux x86-64 only, not on "
                    + platform);
        }
        if (!installed()) {
            throw new ModelUnavailableException("the CUDA build of ONNX Runtime is not in " + directory
                    + ": run 'backdrop models fetch " + cliName() + "' first (about 650 MB from Maven Central)");
        }
        System.setProperty(NATIVE_PATH_PROPERTY, directory.toString());
    }

    /** Downloads the onnxruntime_gpu jar from Maven Central, checks its hash and keeps its Linux libraries. */
    public void fetch(FetchProgress progress) {
        fetch(JAR, JAR_SHA256, progress);
    }

    void fetch(URI source, String sha256, FetchProgress progress) {
        try {
            Files.createDirectories(directory.getParent());
            Path jar = Files.createTempFile(directory.getParent(), "onnxruntime-gpu", ".jar");
            try {
                download(source, jar, sha256, progress);
                progress.update("unpacking the Linux libraries", 0, -1);
                extract(jar);
            } finally {
                Files.deleteIfExists(jar);
            }
        } catch (IOException e) {
            throw new ModelUnavailableException("could not fetch the CUDA build of ONNX Runtime into " + directory
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("interrupted while downloading the CUDA build of ONNX Runtime", e);
        }
    }

    private static void download(URI source, Path jar, String sha256, FetchProgress progress)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(source).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = Sha256.newDigest();
        try (InputStream body = new DigestInputStream(response.body(), digest);
             OutputStream out = Files.newOutputStream(jar)) {
            if (response.statusCode() != 200) {
                throw new IOException(source + " answered HTTP " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("content-length").orElse(-1);
            byte[] buffer = new byte[1 << 16];
            long done = 0;
            for (int n; (n = body.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                done += n;
                progress.update("downloading onnxruntime_gpu " + VERSION, done, total);
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            throw new IOException(source + " has sha256 " + actual + ", expected " + sha256);
        }
    }

    /** Keeps the jar's Linux x86-64 libraries; a folder is replaced only once all of them are out. */
    void extract(Path jar) throws IOException {
        Path staging = Files.createTempDirectory(directory.getParent(), directory.getFileName() + ".");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName().startsWith(NATIVE_FOLDER)
                        ? entry.getName().substring(NATIVE_FOLDER.length()) : "";
                if (LIBRARIES.contains(name)) {
                    Files.copy(zip, staging.resolve(name));
                }
            }
            for (String library : LIBRARIES) {
                if (!Files.isRegularFile(staging.resolve(library))) {
                    throw new IOException("the jar has no " + NATIVE_FOLDER + library);
                }
            }
            if (Files.isDirectory(directory)) {
                FolderTree.delete(directory);
            }
            readableByAll(staging);
            Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) {
                FolderTree.delete(staging);
            }
        }
    }

    /** A temporary folder is private; the libraries are for whichever user runs the server. */
    private static void readableByAll(Path folder) throws IOException {
        if (Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
