package dev.backdrop.diffusion.model;

/** The checks a model folder's parts make while loading, failing with the folder's own words. */
final class Checks {

    private Checks() {
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidDiffusionModelException(message);
        }
    }

    static void requireRank(OnnxModel model, TensorSignature s, int rank) {
        require(s.rank() == rank, model.role() + "/model.onnx " + s + " must have rank " + rank);
    }
}
