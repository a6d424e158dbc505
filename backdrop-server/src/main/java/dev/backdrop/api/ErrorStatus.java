package dev.backdrop.api;

import dev.backdrop.BackdropException;
import dev.backdrop.image.CorruptImageException;
import dev.backdrop.image.ImageTooLargeException;
import dev.backdrop.image.UnsupportedImageException;
import dev.backdrop.model.ModelUnavailableException;
import dev.backdrop.model.UnknownModelException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where Backdrop's typed errors become HTTP status codes. A subclass inherits its
 * parent's status; anything unlisted is a server fault (500).
 */
public final class ErrorStatus {

    private static final Map<Class<? extends BackdropException>, Integer> STATUS = new LinkedHashMap<>();

    static {
        STATUS.put(InvalidRequestException.class, 400);
        STATUS.put(UnknownModelException.class, 400);
        STATUS.put(NotFoundException.class, 404);
        STATUS.put(ImageTooLargeException.class, 413);
        STATUS.put(RequestTooLargeException.class, 413);
        STATUS.put(UnsupportedImageException.class, 415);
        STATUS.put(CorruptImageException.class, 422);
        STATUS.put(OverloadedException.class, 429);
        STATUS.put(NotReadyException.class, 503);
        STATUS.put(ModelUnavailableException.class, 503);
    }

    private ErrorStatus() {
    }

    public static int of(BackdropException e) {
        for (Class<?> c = e.getClass(); BackdropException.class.isAssignableFrom(c); c = c.getSuperclass()) {
            Integer status = STATUS.get(c);
            if (status != null) {
                return status;
            }
        }
        return 500;
    }
}
