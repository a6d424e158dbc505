package dev.backdrop.model;

/**
 * One file inside the model package: its key in {@code resources.json} and the size and sha256 the
 * assembled file must have.
 */
public record ModelArtifact(String name, String resourceKey, long size, String sha256) {

    public String fileName() {
        return name + ".onnx";
    }
}
