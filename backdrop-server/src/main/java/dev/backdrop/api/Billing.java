package dev.backdrop.api;

import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.service.Payer;
import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * Who is calling: keys from {@code x-api-key} (or {@code Authorization: Bearer}), the balance
 * echoed on every authenticated response. With authentication off nobody is charged. Charging
 * itself is the service layer's ({@link dev.backdrop.service.Charges}).
 */
public final class Billing {

    public static final String REMAINING = "x-remaining-credits";

    private final ApiKeys keys;
    private final CreditLedger ledger;
    private final boolean authRequired;
    private final Supplier<Caller> unauthenticatedOwner;

    /** @param unauthenticatedOwner owns the jobs and idempotency keys when authentication is off */
    public Billing(ApiKeys keys, CreditLedger ledger, boolean authRequired, Supplier<Caller> unauthenticatedOwner) {
        this.keys = keys;
        this.ledger = ledger;
        this.authRequired = authRequired;
        this.unauthenticatedOwner = unauthenticatedOwner;
    }

    /** The caller, or null when authentication is off. Sets the balance header. */
    public Caller caller(Context ctx) {
        if (!authRequired) {
            return null;
        }
        String key = ctx.header("x-api-key");
        String authorization = ctx.header("Authorization");
        if ((key == null || key.isBlank()) && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).strip();
        }
        Caller caller = keys.authenticate(key);
        ctx.header(REMAINING, String.valueOf(caller.credits()));
        return caller;
    }

    /** Whose jobs and keys a request works on: {@code authenticated}, or with authentication off the server's owner. */
    public Caller owner(Caller authenticated) {
        return authenticated != null ? authenticated : unauthenticatedOwner.get();
    }

    /** Who pays for this request; the balance after each charge or refund goes into the response's header. */
    public Payer payer(Context ctx) {
        Caller caller = caller(ctx);
        return caller == null ? Payer.NOBODY : new Payer(caller, b -> ctx.header(REMAINING, String.valueOf(b)));
    }

    public long balance(Caller caller) {
        return ledger.balance(caller.accountId());
    }
}
