package dev.backdrop.accounts;

/**
 * Hears credits move, for metrics. Called inside the ledger's transaction, so it must be quick and
 * must not touch the database.
 */
public interface CreditObserver {

    CreditObserver NONE = new CreditObserver() { };

    /** {@code credits} were taken for work. */
    default void charged(long credits) {
    }

    /** {@code credits} of an earlier charge were given back. */
    default void refunded(long credits) {
    }
}
