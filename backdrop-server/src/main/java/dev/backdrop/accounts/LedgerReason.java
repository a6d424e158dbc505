package dev.backdrop.accounts;

import java.util.Locale;

/** Why an account's balance changed; the sign of the change follows from it. */
public enum LedgerReason {
    /** Credits added by an operator (or the initial balance of a new key). */
    GRANT,
    /** Credits taken before work starts. */
    CHARGE,
    /** Credits of a charge given back because the work failed. */
    REFUND;

    String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LedgerReason fromStored(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
