package dev.backdrop.accounts;

import dev.backdrop.BackdropException;

/** A credit amount that is not a positive number (or would overflow a balance). Suggested HTTP status: 400. */
public final class InvalidCreditAmountException extends BackdropException {

    public InvalidCreditAmountException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_credit_amount";
    }
}
