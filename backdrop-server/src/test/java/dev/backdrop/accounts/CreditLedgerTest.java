package dev.backdrop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.testing.DatabaseTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CreditLedgerTest extends DatabaseTestBase {

    CreditLedger ledger;
    ApiKeys keys;

    @BeforeEach
    void wire() {
        ledger = new CreditLedger(database);
        keys = new ApiKeys(database, ledger);
    }

    @Test
    void chargesAndReportsTheBalanceLeft() {
        long account = keys.create("shop", 10).key().accountId();

        LedgerEntry charge = ledger.charge(account, 4, "job_a");

        assertThat(charge.reason()).isEqualTo(LedgerReason.CHARGE);
        assertThat(charge.delta()).isEqualTo(-4);
        assertThat(charge.balanceAfter()).isEqualTo(6);
        assertThat(charge.reference()).isEqualTo("job_a");
        assertThat(ledger.balance(account)).isEqualTo(6);
    }

    @Test
    void refusesAChargeAboveTheBalanceAndTakesNothing() {
        long account = keys.create("shop", 3).key().accountId();

        assertThatThrownBy(() -> ledger.charge(account, 4, "job_a"))
                .isInstanceOfSatisfying(InsufficientCreditsException.class, e -> {
                    assertThat(e.balance()).isEqualTo(3);
                    assertThat(e.cost()).isEqualTo(4);
                    assertThat(e.code()).isEqualTo("insufficient_credits");
                    assertThat(e.getMessage()).contains("costs 4").contains("balance is 3");
                });
        assertThat(ledger.balance(account)).isEqualTo(3);
        assertThat(ledger.entries(account)).hasSize(1);
        assertThat(ledger.charge(account, 3, "job_b").balanceAfter()).isZero();
    }

    @Test
    void refundsAChargeExactlyOnce() {
        long account = keys.create("shop", 10).key().accountId();
        LedgerEntry charge = ledger.charge(account, 6, "job_a");

        LedgerEntry refund = ledger.refund(charge.id(), "job_a failed");
        LedgerEntry again = ledger.refund(charge.id(), "job_a failed again");

        assertThat(refund.reason()).isEqualTo(LedgerReason.REFUND);
        assertThat(refund.delta()).isEqualTo(6);
        assertThat(refund.refundOf()).isEqualTo(charge.id());
        assertThat(refund.balanceAfter()).isEqualTo(10);
        assertThat(again).isEqualTo(refund);
        assertThat(ledger.balance(account)).isEqualTo(10);
        assertThat(ledger.entries(account)).extracting(LedgerEntry::reason)
                .containsExactly(LedgerReason.GRANT, LedgerReason.CHARGE, LedgerReason.REFUND);
        assertThatThrownBy(() -> ledger.refund(refund.id(), "not a charge")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hundredConcurrentChargesAgainstTenCreditsLetExactlyTenThrough() throws Exception {
        long account = keys.create("shop", 10).key().accountId();

        List<Boolean> outcomes = concurrently(100, i -> {
            try {
                ledger.charge(account, 1, "request " + i);
                return true;
            } catch (InsufficientCreditsException e) {
                return false;
            }
        });

        assertThat(outcomes.stream().filter(ok -> ok).count()).isEqualTo(10);
        assertThat(ledger.balance(account)).isZero();
        assertBalances(account);
        assertThat(ledger.entries(account).stream().filter(e -> e.reason() == LedgerReason.CHARGE)).hasSize(10);
    }

    @Test
    void concurrentChargesAndRefundsKeepTheLedgerBalanced() throws Exception {
        long account = keys.create("shop", 20).key().accountId();

        // each task charges 3 and gives half of its charges back, all at once
        List<Boolean> outcomes = concurrently(60, i -> {
            try {
                LedgerEntry charge = ledger.charge(account, 3, "request " + i);
                if (i % 2 == 0) {
                    ledger.refund(charge.id(), "request " + i + " failed");
                    ledger.refund(charge.id(), "request " + i + " failed twice");
                }
                return true;
            } catch (InsufficientCreditsException e) {
                return false;
            }
        });

        long kept = ledger.entries(account).stream()
                .filter(e -> e.reason() == LedgerReason.CHARGE)
                .filter(e -> ledger.entries(account).stream().noneMatch(r -> r.refundOf() == e.id()))
                .count();
        assertThat(outcomes).contains(true);
        assertThat(ledger.balance(account)).isEqualTo(20 - 3 * kept).isNotNegative();
        assertBalances(account);
    }

    /** The ledger sums to the balance and each entry's balance_after follows from the one before. */
    private void assertBalances(long account) {
        List<LedgerEntry> entries = ledger.entries(account);
        long running = 0;
        for (LedgerEntry entry : entries) {
            running += entry.delta();
            assertThat(entry.balanceAfter()).as("balance after entry %d", entry.id()).isEqualTo(running);
            assertThat(running).isNotNegative();
        }
        assertThat(running).isEqualTo(ledger.balance(account));
    }

    interface Task {
        boolean run(int index) throws Exception;
    }

    /** Runs {@code count} tasks on as many threads, released at the same instant. */
    static List<Boolean> concurrently(int count, Task task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Boolean> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(threads.submit(call));
            }
            start.countDown();
            List<Boolean> results = new ArrayList<>();
            for (Future<Boolean> future : futures) {
                try {
                    results.add(future.get(120, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("a concurrent task failed", e.getCause());
                }
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
