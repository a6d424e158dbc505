package dev.backdrop.api;

import dev.backdrop.service.NotReadyException;
import dev.backdrop.service.OverloadedException;
import dev.backdrop.service.QueuedWorkFailedException;
import dev.backdrop.service.QueuedWorkTimeoutException;
import dev.backdrop.BackdropException;
import dev.backdrop.InvalidInputException;
import dev.backdrop.accounts.ApiKeyNotFoundException;
import dev.backdrop.accounts.InsufficientCreditsException;
import dev.backdrop.accounts.InvalidAccessTokenException;
import dev.backdrop.accounts.InvalidApiKeyException;
import dev.backdrop.accounts.InvalidCreditAmountException;
import dev.backdrop.fetch.InvalidUrlException;
import dev.backdrop.fetch.UrlFetchException;
import dev.backdrop.fetch.UrlRefusedException;
import dev.backdrop.jobs.IdempotencyConflictException;
import dev.backdrop.jobs.IdempotencyInProgressException;
import dev.backdrop.jobs.InvalidIdempotencyKeyException;
import dev.backdrop.jobs.JobNotFoundException;
import dev.backdrop.storage.FileNotStoredException;
import dev.backdrop.storage.InvalidObjectKeyException;
import dev.backdrop.storage.StorageUnavailableException;
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
        STATUS.put(InvalidInputException.class, 400);
        STATUS.put(InvalidCreditAmountException.class, 400);
        STATUS.put(InvalidIdempotencyKeyException.class, 400);
        STATUS.put(UrlRefusedException.class, 400);
        STATUS.put(UrlFetchException.class, 400);
        STATUS.put(InvalidUrlException.class, 400);
        STATUS.put(InvalidObjectKeyException.class, 400);
        STATUS.put(InvalidApiKeyException.class, 401);
        STATUS.put(InvalidAccessTokenException.class, 401);
        STATUS.put(FileNotStoredException.class, 404);
        STATUS.put(JobNotFoundException.class, 404);
        STATUS.put(ApiKeyNotFoundException.class, 404);
        STATUS.put(InsufficientCreditsException.class, 406);
        STATUS.put(IdempotencyConflictException.class, 422);
        STATUS.put(IdempotencyInProgressException.class, 409);
        STATUS.put(StorageUnavailableException.class, 503);
        STATUS.put(UnknownModelException.class, 400);
        STATUS.put(NotFoundException.class, 404);
        STATUS.put(ImageTooLargeException.class, 413);
        STATUS.put(RequestTooLargeException.class, 413);
        STATUS.put(UnsupportedImageException.class, 415);
        STATUS.put(CorruptImageException.class, 422);
        STATUS.put(OverloadedException.class, 429);
        STATUS.put(NotReadyException.class, 503);
        STATUS.put(ModelUnavailableException.class, 503);
        STATUS.put(QueuedWorkTimeoutException.class, 504);
    }

    /**
     * The codes a job can end with on a worker, by the status the same error has when it is thrown
     * in this process (an API node answers a synchronous request from the failed job's code).
     */
    private static final Map<String, Integer> JOB_ERROR_STATUS = Map.ofEntries(
            Map.entry("invalid_request", 400), Map.entry("invalid_composition", 400),
            Map.entry("invalid_background_request", 400), Map.entry("unknown_scheduler", 400),
            Map.entry("unknown_model", 400), Map.entry("url_fetch_failed", 400), Map.entry("url_not_allowed", 400),
            Map.entry("invalid_url", 400), Map.entry("image_too_large_for_format", 400),
            Map.entry("image_too_large", 413), Map.entry("unsupported_image", 415),
            Map.entry("undecodable_image", 422), Map.entry("overloaded", 429), Map.entry("storage_unavailable", 503),
            Map.entry("not_ready", 503), Map.entry("model_unavailable", 503), Map.entry("queue_timeout", 504));

    private ErrorStatus() {
    }

    public static int of(BackdropException e) {
        if (e instanceof QueuedWorkFailedException failed) {
            return JOB_ERROR_STATUS.getOrDefault(failed.code(), 500);
        }
        for (Class<?> c = e.getClass(); BackdropException.class.isAssignableFrom(c); c = c.getSuperclass()) {
            Integer status = STATUS.get(c);
            if (status != null) {
                return status;
            }
        }
        return 500;
    }
}
