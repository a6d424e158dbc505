package dev.backdrop.cli;

import dev.backdrop.BackdropException;

/** The running server's admin API refused a call or could not be reached; the message says why. */
final class AdminApiException extends BackdropException {

    private final String code;

    AdminApiException(String message, String code) {
        super(message);
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
