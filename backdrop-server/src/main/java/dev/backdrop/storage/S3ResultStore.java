package dev.backdrop.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keeps objects in an S3-compatible bucket under {@code <prefix>/<key>}, so that several API
 * processes and workers share one set of results. S3 replaces an object in one step, so readers
 * never see a partial upload.
 *
 * <p>The client talks to the configured endpoint only: region, credentials and addressing come
 * from {@link StorageSettings.Bucket}, never from profile files, instance metadata or other
 * discovery.
 */
public final class S3ResultStore implements ResultStore {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);

    private final StorageSettings.Bucket settings;
    private final S3Client client;

    public S3ResultStore(StorageSettings.Bucket settings) {
        this.settings = settings;
        this.client = clientFor(settings);
    }

    /** A client configured like the store's, e.g. to create the bucket in a setup step. */
    public static S3Client clientFor(StorageSettings.Bucket settings) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials(settings.credentials())))
                .forcePathStyle(settings.pathStyle())
                // Checksums only where S3 demands them: the newer default trailers are not
                // understood by every S3-compatible server, and TCP plus MD5 ETags suffice here.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o
                        .apiCallTimeout(CALL_TIMEOUT)
                        .defaultProfileFileSupplier(() -> ProfileFile.aggregator().build())
                        .defaultProfileName("backdrop"));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public StoredObject put(String key, byte[] bytes, String contentType) {
        ObjectKey objectKey = ObjectKey.of(key);
        ContentType type = new ContentType(contentType);
        try {
            PutObjectResponse response = client.putObject(
                    request -> request.bucket(settings.bucket()).key(objectName(objectKey)).contentType(type.value()),
                    RequestBody.fromBytes(bytes));
            String etag = Optional.ofNullable(response.eTag())
                    .map(S3ResultStore::unquoted)
                    .orElseGet(() -> ContentHash.etagOf(bytes));
            return new StoredObject(key, bytes, type.value(), etag, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public Optional<StoredObject> get(String key) {
        ObjectKey objectKey = ObjectKey.of(key);
        try {
            ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(
                    request -> request.bucket(settings.bucket()).key(objectName(objectKey)));
            GetObjectResponse response = object.response();
            byte[] bytes = object.asByteArrayUnsafe();
            String type = Optional.ofNullable(response.contentType())
                    .flatMap(S3ResultStore::usableType)
                    .orElseGet(() -> ContentType.forKey(objectKey).value());
            String etag = Optional.ofNullable(response.eTag())
                    .map(S3ResultStore::unquoted)
                    .orElseGet(() -> ContentHash.etagOf(bytes));
            Instant modified = Optional.ofNullable(response.lastModified()).orElseGet(Instant::now)
                    .truncatedTo(ChronoUnit.SECONDS);
            return Optional.of(new StoredObject(key, bytes, type, etag, modified));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isMissingBucket(e)) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void delete(String key) {
        ObjectKey objectKey = ObjectKey.of(key);
        try {
            client.deleteObject(request -> request.bucket(settings.bucket()).key(objectName(objectKey)));
        } catch (NoSuchKeyException e) {
            // some S3-compatible servers report a missing key instead of answering 204
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public int deleteOlderThan(String prefix, Instant cutoff) {
        String probe = objectName(ObjectKey.of(prefix + "/x"));
        String top = probe.substring(0, probe.length() - 1);
        int deleted = 0;
        try {
            for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(settings.bucket())
                    .prefix(top)).contents()) {
                if (object.lastModified() != null && object.lastModified().isBefore(cutoff)) {
                    String name = object.key();
                    client.deleteObject(request -> request.bucket(settings.bucket()).key(name));
                    deleted++;
                }
            }
        } catch (SdkException e) {
            throw failure("expire", prefix, e);
        }
        return deleted;
    }

    @Override
    public void check() {
        try {
            client.headBucket(request -> request.bucket(settings.bucket()));
        } catch (NoSuchBucketException e) {
            throw missingBucket(e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw missingBucket(e);
            }
            if (e.statusCode() == 403 || e.statusCode() == 401) {
                throw new StorageUnavailableException("Access to bucket " + settings.bucket() + " at " + where()
                        + " was refused; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.", e);
            }
            throw new StorageUnavailableException("Bucket " + settings.bucket() + " at " + where()
                    + " cannot be used: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new StorageUnavailableException("Bucket " + settings.bucket() + " at " + where()
                    + " cannot be reached: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "bucket " + settings.address() + " at " + where();
    }

    @Override
    public void close() {
        client.close();
    }

    private String objectName(ObjectKey key) {
        return settings.prefix().isEmpty() ? key.value() : settings.prefix() + "/" + key.value();
    }

    private String where() {
        return settings.endpoint().map(Object::toString).orElse("AWS " + settings.region());
    }

    private StorageUnavailableException missingBucket(Exception e) {
        return new StorageUnavailableException("Bucket " + settings.bucket() + " does not exist at " + where()
                + "; create it or name another in --storage.", e);
    }

    private StorageUnavailableException failure(String action, String key, SdkException e) {
        if (e instanceof S3Exception s3 && isMissingBucket(s3)) {
            return missingBucket(e);
        }
        return new StorageUnavailableException("Could not " + action + " '" + key + "' in " + describe() + ": "
                + e.getMessage(), e);
    }

    private static boolean isMissingBucket(S3Exception e) {
        return e instanceof NoSuchBucketException
                || (e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode()));
    }

    private static AwsCredentials credentials(StorageSettings.S3Credentials credentials) {
        return credentials.sessionToken()
                .<AwsCredentials>map(token -> AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), token))
                .orElseGet(() -> AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()));
    }

    private static Optional<String> usableType(String type) {
        try {
            return Optional.of(new ContentType(type).value());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String unquoted(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1)
                : etag;
    }
}
