package dev.backdrop.fetch;

import dev.backdrop.InvalidInputException;

/**
 * An input URL that could not be used: not a URL, not allowed, or not fetched. The fetcher does not
 * know which request field held it; whoever reads the field names it with {@link #inField}.
 */
public abstract sealed class UrlException extends InvalidInputException
        permits InvalidUrlException, UrlFetchException, UrlRefusedException {

    protected UrlException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    /** The same error, naming the request field whose URL it was. */
    public abstract UrlException inField(String field);
}
