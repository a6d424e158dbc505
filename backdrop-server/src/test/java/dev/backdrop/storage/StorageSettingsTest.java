package dev.backdrop.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageSettingsTest {

    private static final Map<String, String> KEYS = Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI");

    @Test
    void theDefaultIsTheFilesFolderOfTheDataFolder() {
        assertThat(StorageSettings.defaultFor(Path.of("/var/lib/backdrop")))
                .isEqualTo(new StorageSettings.Folder(Path.of("/var/lib/backdrop/files")));
    }

    @Test
    void dirSpecsNameAFolder() {
        assertThat(StorageSettings.parse("dir:/srv/results", Map.of()))
                .isEqualTo(new StorageSettings.Folder(Path.of("/srv/results")));
        assertThat(StorageSettings.parse("dir:relative/files", Map.of()))
                .isEqualTo(new StorageSettings.Folder(Path.of("relative/files")));
        assertThat(StorageSettings.parse("dir:/srv/results", Map.of()).open()).isInstanceOf(LocalResultStore.class);
    }

    @Test
    void anS3SpecWithEndpointUsesPathStyleAndTheEnvironmentCredentials() {
        var bucket = (StorageSettings.Bucket) StorageSettings.parse(
                "s3://my-bucket/backdrop/prod/?endpoint=http://127.0.0.1:9000&region=eu-central-1", KEYS);

        assertThat(bucket.bucket()).isEqualTo("my-bucket");
        assertThat(bucket.prefix()).isEqualTo("backdrop/prod");
        assertThat(bucket.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(bucket.region()).isEqualTo("eu-central-1");
        assertThat(bucket.pathStyle()).isTrue();
        assertThat(bucket.credentials().accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(bucket.credentials().secretAccessKey()).isEqualTo("wJalrXUtnFEMI");
        assertThat(bucket.credentials().sessionToken()).isEmpty();
        assertThat(bucket.address()).isEqualTo("s3://my-bucket/backdrop/prod");
    }

    @Test
    void aBareS3SpecMeansAwsWithHostStyleAndTheEnvironmentRegion() {
        var env = new java.util.HashMap<>(KEYS);
        env.put("AWS_REGION", "ap-south-1");
        env.put("AWS_SESSION_TOKEN", "session");
        var bucket = (StorageSettings.Bucket) StorageSettings.parse("s3://results.example", env);

        assertThat(bucket.prefix()).isEmpty();
        assertThat(bucket.endpoint()).isEmpty();
        assertThat(bucket.region()).isEqualTo("ap-south-1");
        assertThat(bucket.pathStyle()).isFalse();
        assertThat(bucket.credentials().sessionToken()).contains("session");
        assertThat(((StorageSettings.Bucket) StorageSettings.parse("s3://results", KEYS)).region())
                .isEqualTo("us-east-1");
    }

    @Test
    void pathStyleCanBeChosenEitherWay() {
        assertThat(((StorageSettings.Bucket) StorageSettings.parse(
                "s3://b-1?endpoint=https://s3.example.com&path-style=false", KEYS)).pathStyle()).isFalse();
        assertThat(((StorageSettings.Bucket) StorageSettings.parse("s3://b-1?path-style=true", KEYS)).pathStyle())
                .isTrue();
    }

    @Test
    void anEncodedEndpointIsDecoded() {
        var bucket = (StorageSettings.Bucket) StorageSettings.parse(
                "s3://b-1?endpoint=http%3A%2F%2Flocalhost%3A9000", KEYS);
        assertThat(bucket.endpoint()).contains(URI.create("http://localhost:9000"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty",
            "/srv/results|Unknown storage",
            "file:/srv|Unknown storage",
            "dir:|needs a folder",
            "s3://|not a valid s3",
            "s3://Upper|not a bucket name",
            "s3://a|not a bucket name",
            "s3://under_score|not a bucket name",
            "s3://b-1/../x|Bad prefix",
            "s3://b-1?endpoint=ftp://h|must be http",
            "s3://b-1?endpoint=http://h:9000/path|must be http",
            "s3://b-1?endpoint=h:9000|must be http",
            "s3://b-1?region=EU WEST|not a valid s3",
            "s3://b-1?region=Eu|not a region",
            "s3://b-1?path-style=yes|true or false",
            "s3://b-1?bucket=other|Unknown s3 setting(s) [bucket]",
            "s3://b-1?region=a&region=b|set twice",
            "s3://b-1?flag|name=value"})
    void badSpecsAreRefusedWithAHint(String spec, String hint) {
        assertThatThrownBy(() -> StorageSettings.parse(spec, KEYS))
                .isInstanceOf(InvalidStorageSettingsException.class)
                .hasMessageContaining(hint)
                .satisfies(e -> assertThat(((InvalidStorageSettingsException) e).code())
                        .isEqualTo("invalid_storage_settings"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"})
    void s3NeedsBothKeysFromTheEnvironment(String missing) {
        var env = new java.util.HashMap<>(KEYS);
        env.remove(missing);
        assertThatThrownBy(() -> StorageSettings.parse("s3://b-1", env))
                .isInstanceOf(InvalidStorageSettingsException.class)
                .hasMessageContaining("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void textNeverShowsTheSecret() {
        var bucket = new StorageSettings.Bucket("b-1", "", Optional.empty(), "us-east-1", false,
                new StorageSettings.S3Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI", Optional.of("token")));
        assertThat(bucket.toString()).contains("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI").doesNotContain("token");
    }
}
