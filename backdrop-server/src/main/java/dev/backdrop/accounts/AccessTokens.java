package dev.backdrop.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer tokens of the operator's endpoints: the admin token ({@code /admin/v1}, and
 * {@code /metrics}) from {@code BACKDROP_ADMIN_TOKEN}, else from {@value #FILE_NAME} in the data
 * folder, made there on first start; and an optional scrape-only {@code BACKDROP_METRICS_TOKEN}
 * for Prometheus. Token values are never logged, only where they come from.
 *
 * @param source where the admin token comes from, for the start-up log
 */
public record AccessTokens(String admin, Optional<String> metrics, String source) {

    public static final String FILE_NAME = "admin-token";
    public static final String ADMIN_ENV = "BACKDROP_ADMIN_TOKEN";
    public static final String METRICS_ENV = "BACKDROP_METRICS_TOKEN";

    public static AccessTokens resolve(Map<String, String> env, Path dataFolder) {
        Optional<String> metrics = Optional.ofNullable(env.get(METRICS_ENV)).map(String::strip).filter(t -> !t.isEmpty());
        String fromEnv = env.get(ADMIN_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new AccessTokens(fromEnv.strip(), metrics, ADMIN_ENV);
        }
        Path file = dataFolder.resolve(FILE_NAME);
        return new AccessTokens(readOrCreate(file), metrics, file.toString());
    }

    /** The admin token a data folder holds, if a server has made one there. */
    public static Optional<String> inFolder(Path dataFolder) {
        Path file = dataFolder.resolve(FILE_NAME);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                    .filter(t -> !t.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String readOrCreate(Path file) {
        return inFolder(file.getParent()).orElseGet(() -> {
            String token = SecretTokens.next("bda_", 40);
            OwnerOnlyFile.write(file, token, "admin token");
            return token;
        });
    }

    /** Whether {@code presented} is the admin token (compared in constant time). */
    public boolean isAdmin(String presented) {
        return same(admin, presented);
    }

    /** Whether {@code presented} may read the metrics: the admin token or the metrics token. */
    public boolean mayScrape(String presented) {
        return isAdmin(presented) || metrics.map(m -> same(m, presented)).orElse(false);
    }

    private static boolean same(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AccessTokens[admin from " + source + (metrics.isPresent() ? ", metrics token set" : "") + "]";
    }
}
