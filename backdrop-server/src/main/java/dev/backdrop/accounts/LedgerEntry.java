package dev.backdrop.accounts;

import java.time.Instant;

/**
 * One change of an account's balance. The entries of an account sum to its balance.
 *
 * @param refundOf for a {@link LedgerReason#REFUND}, the id of the charge given back; else 0
 */
public record LedgerEntry(long id, long accountId, long delta, long balanceAfter, LedgerReason reason,
                          String reference, long refundOf, Instant createdAt) {
}
