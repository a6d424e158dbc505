package dev.backdrop.image;

import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Notices a reader saying that the data ran out. The JPEG decoder then fills the rest of the
 * picture with gray and returns normally, which must not pass as a good image.
 */
final class TruncationWatch implements IIOReadWarningListener {

    private String warning;

    @Override
    public void warningOccurred(ImageReader source, String message) {
        if (warning == null && message != null && message.toLowerCase(Locale.ROOT).contains("premature end")) {
            warning = message;
        }
    }

    void check(ImageFormat format) {
        if (warning != null) {
            throw new CorruptImageException(format.name() + " image is truncated: " + warning);
        }
    }
}
