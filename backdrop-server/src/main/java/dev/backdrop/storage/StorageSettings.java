package dev.backdrop.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where results are kept, as given by {@code --storage}:
 * <ul>
 *   <li>{@code dir:PATH} — a local folder ({@link Folder}); the default is {@code <data>/files};</li>
 *   <li>{@code s3://BUCKET[/PREFIX][?endpoint=URL&region=REGION&path-style=true|false]} — an
 *       S3-compatible bucket ({@link Bucket}), with credentials from {@code AWS_ACCESS_KEY_ID},
 *       {@code AWS_SECRET_ACCESS_KEY} and optionally {@code AWS_SESSION_TOKEN}.</li>
 * </ul>
 */
public sealed interface StorageSettings permits StorageSettings.Folder, StorageSettings.Bucket {

    String FORMS = "use dir:PATH or s3://BUCKET[/PREFIX][?endpoint=URL&region=REGION&path-style=true|false]";

    /** Opens the store these settings describe; the caller closes it. Contacts nothing yet. */
    ResultStore open();

    /** The default: a {@code files} folder in the data folder. */
    static StorageSettings defaultFor(Path dataDirectory) {
        return new Folder(dataDirectory.resolve("files"));
    }

    /** Parses a {@code --storage} spec, taking S3 credentials and default region from {@code environment}. */
    static StorageSettings parse(String spec, Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        if (spec == null || spec.isBlank()) {
            throw new InvalidStorageSettingsException("The storage setting is empty; " + FORMS + ".");
        }
        if (spec.startsWith("dir:")) {
            return Folder.parse(spec.substring("dir:".length()));
        }
        if (spec.startsWith("s3://")) {
            return Bucket.parse(spec, environment);
        }
        throw new InvalidStorageSettingsException("Unknown storage '" + spec + "'; " + FORMS + ".");
    }

    /** Results as plain files under {@code root}. */
    record Folder(Path root) implements StorageSettings {

        public Folder {
            Objects.requireNonNull(root, "root");
        }

        static Folder parse(String path) {
            if (path.isBlank()) {
                throw new InvalidStorageSettingsException("dir: needs a folder, e.g. dir:/var/lib/backdrop/files.");
            }
            try {
                return new Folder(Path.of(path));
            } catch (InvalidPathException e) {
                throw new InvalidStorageSettingsException("'" + path + "' is not a usable folder: " + e.getMessage());
            }
        }

        @Override
        public ResultStore open() {
            return new LocalResultStore(root);
        }
    }

    /**
     * Results in an S3-compatible bucket.
     *
     * @param bucket      the bucket name
     * @param prefix      put before every key ({@code prefix/key}); empty for none
     * @param endpoint    the server for S3-compatible stores; empty for AWS itself
     * @param region      the signing region
     * @param pathStyle   whether the bucket goes in the path ({@code host/bucket/key}) rather than the host name
     * @param credentials the access key pair
     */
    record Bucket(String bucket, String prefix, Optional<URI> endpoint, String region, boolean pathStyle,
                  S3Credentials credentials) implements StorageSettings {

        private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
        private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

        public Bucket {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(credentials, "credentials");
        }

        static Bucket parse(String spec, Map<String, String> environment) {
            URI uri;
            try {
                uri = new URI(spec);
            } catch (URISyntaxException e) {
                throw new InvalidStorageSettingsException("'" + spec + "' is not a valid s3:// address: "
                        + e.getMessage() + "; " + FORMS + ".");
            }
            String bucket = uri.getRawAuthority();
            if (bucket == null || !BUCKET_NAME.matcher(bucket).matches()) {
                throw new InvalidStorageSettingsException("'" + bucket + "' in '" + spec
                        + "' is not a bucket name: 3 to 63 lower-case letters, digits, '.' and '-'.");
            }
            String prefix = stripSlashes(uri.getPath() == null ? "" : uri.getPath());
            if (!prefix.isEmpty()) {
                try {
                    ObjectKey.of(prefix);
                } catch (InvalidObjectKeyException e) {
                    throw new InvalidStorageSettingsException("Bad prefix in '" + spec + "': " + e.getMessage());
                }
            }
            Map<String, String> parameters = parameters(uri.getRawQuery(), spec);
            Optional<URI> endpoint = Optional.ofNullable(parameters.remove("endpoint")).map(Bucket::endpoint);
            String region = Optional.ofNullable(parameters.remove("region"))
                    .or(() -> Optional.ofNullable(environment.get("AWS_REGION")).filter(r -> !r.isBlank()))
                    .orElse("us-east-1");
            if (!REGION.matcher(region).matches()) {
                throw new InvalidStorageSettingsException("'" + region + "' is not a region name, e.g. us-east-1.");
            }
            // S3-compatible servers rarely have per-bucket host names; AWS prefers them
            boolean pathStyle = Optional.ofNullable(parameters.remove("path-style"))
                    .map(Bucket::flag)
                    .orElse(endpoint.isPresent());
            if (!parameters.isEmpty()) {
                throw new InvalidStorageSettingsException("Unknown s3 setting(s) " + parameters.keySet() + " in '"
                        + spec + "'; the settings are endpoint, region and path-style.");
            }
            return new Bucket(bucket, prefix, endpoint, region, pathStyle, S3Credentials.from(environment));
        }

        @Override
        public ResultStore open() {
            return new S3ResultStore(this);
        }

        /** The bucket and prefix as an address, e.g. {@code s3://results/backdrop}. */
        public String address() {
            return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        }

        @Override
        public String toString() {
            return "Bucket[" + address() + ", endpoint=" + endpoint.map(URI::toString).orElse("AWS")
                    + ", region=" + region + ", pathStyle=" + pathStyle + ", " + credentials + "]";
        }

        private static String stripSlashes(String path) {
            int start = 0;
            int end = path.length();
            while (start < end && path.charAt(start) == '/') {
                start++;
            }
            while (end > start && path.charAt(end - 1) == '/') {
                end--;
            }
            return path.substring(start, end);
        }

        private static Map<String, String> parameters(String rawQuery, String spec) {
            Map<String, String> parameters = new LinkedHashMap<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return parameters;
            }
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new InvalidStorageSettingsException(
                            "'" + pair + "' in '" + spec + "' is not a name=value setting.");
                }
                String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (parameters.put(name, value) != null) {
                    throw new InvalidStorageSettingsException("'" + name + "' is set twice in '" + spec + "'.");
                }
            }
            return parameters;
        }

        private static URI endpoint(String text) {
            try {
                URI uri = new URI(text);
                boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
                boolean bare = (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
                        && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null;
                if (web && uri.getHost() != null && bare) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new InvalidStorageSettingsException("endpoint '" + text
                    + "' must be http:// or https:// with a host and optional port only, e.g. http://127.0.0.1:9000.");
        }

        private static boolean flag(String text) {
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidStorageSettingsException(
                        "path-style must be true or false, not '" + text + "'.");
            };
        }
    }

    /** An S3 access key pair; {@link #toString()} never shows the secret. */
    record S3Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {

        public S3Credentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            Objects.requireNonNull(sessionToken, "sessionToken");
        }

        static S3Credentials from(Map<String, String> environment) {
            String id = environment.get("AWS_ACCESS_KEY_ID");
            String secret = environment.get("AWS_SECRET_ACCESS_KEY");
            if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
                throw new InvalidStorageSettingsException(
                        "s3:// storage needs the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
            }
            return new S3Credentials(id, secret,
                    Optional.ofNullable(environment.get("AWS_SESSION_TOKEN")).filter(t -> !t.isBlank()));
        }

        @Override
        public String toString() {
            return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***"
                    + (sessionToken.isPresent() ? ", sessionToken=***" : "") + "]";
        }
    }
}
