package dev.backdrop.model;

import dev.backdrop.BackdropException;

/** A model name that is neither a known model nor an existing {@code .onnx} file. */
public class UnknownModelException extends BackdropException {

    public UnknownModelException(String name) {
        super(name.endsWith(".onnx")
                ? "no model file at " + name + ": give the path of an existing .onnx file, or one of " + ModelId.names()
                : "unknown model '" + name + "': use one of " + ModelId.names() + " or the path of an .onnx file");
    }

    @Override
    public String code() {
        return "unknown_model";
    }
}
