package dev.backdrop.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The segmentation models Backdrop knows how to fetch: the ISNet weights published inside the npm
 * package {@code @imgly/background-removal-data}, identified by the sha256 of the assembled file.
 */
public enum ModelId {
    ISNET_FP16("isnet-fp16", "/models/medium", 88_188_479L,
            "b6e8497ba978a6f5fbb647e419d2696cd80df5a23cb6a8ea532021911bd76acb"),
    ISNET_QUINT8("isnet-quint8", "/models/small", 44_342_436L,
            "7001d60734fdc112dd9c062635fb59cd401fb82a9d4213134bce4dbd655c803a");

    /** The npm package that carries the model chunks; downloaded at set-up, never redistributed. */
    public static final String NPM_PACKAGE = "@imgly/background-removal-data@1.4.5";

    private final String cliName;
    private final String resourceKey;
    private final long size;
    private final String sha256;

    ModelId(String cliName, String resourceKey, long size, String sha256) {
        this.cliName = cliName;
        this.resourceKey = resourceKey;
        this.size = size;
        this.sha256 = sha256;
    }

    /** Whether the published file stores float16 weights (worth running as float32 on a CPU). */
    public boolean isFloat16() {
        return this == ISNET_FP16;
    }

    /** Which of the published graph's outputs is the mask (ISNet's others are side masks for training). */
    public int maskOutput() {
        return 0;
    }

    public String cliName() {
        return cliName;
    }

    /** The key of this model in the package's {@code dist/resources.json}. */
    public String resourceKey() {
        return resourceKey;
    }

    public long size() {
        return size;
    }

    public String sha256() {
        return sha256;
    }

    public String fileName() {
        return artifact().fileName();
    }

    public ModelArtifact artifact() {
        return new ModelArtifact(cliName, resourceKey, size, sha256);
    }

    public static Optional<ModelId> byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.cliName.equals(wanted)).findFirst();
    }

    /** The model of that CLI/API name, or {@link UnknownModelException}. */
    public static ModelId parse(String name) {
        return byName(name).orElseThrow(() -> new UnknownModelException(name));
    }

    public static String names() {
        return Arrays.stream(values()).map(ModelId::cliName).collect(Collectors.joining(", "));
    }
}
