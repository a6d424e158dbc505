package dev.backdrop.segment;

import dev.backdrop.BackdropException;

/** The segmentation model could not be loaded or run. */
public class SegmentationException extends BackdropException {

    public SegmentationException(String message) {
        super(message);
    }

    public SegmentationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "segmentation_failed";
    }
}
