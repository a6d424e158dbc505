package dev.backdrop.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.InsufficientCreditsException;
import dev.backdrop.accounts.LedgerReason;
import dev.backdrop.testing.DatabaseTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobSubmissionsTest extends DatabaseTestBase {

    CreditLedger ledger;
    ApiKeys keys;
    JobStore jobs;
    JobSubmissions submissions;
    Caller caller;

    @BeforeEach
    void wire() {
        ledger = new CreditLedger(database);
        keys = new ApiKeys(database, ledger);
        jobs = new JobStore(database, ledger);
        submissions = new JobSubmissions(database, ledger, jobs, new IdempotencyStore(database));
        caller = keys.authenticate(keys.create("shop", 10).plainKey());
    }

    private static IdempotencyKey key(String key, String body) {
        return IdempotencyKey.of(key, "POST", "/v1/jobs", body.getBytes(StandardCharsets.UTF_8));
    }

    private static NewJob job(String body, long cost) {
        return new NewJob("bg-replace", body, cost, null);
    }

    @Test
    void theSameKeyAndBodyQueueAndChargeOnce() {
        Submission first = submissions.submit(caller, job("{\"a\":1}", 4), key("k-1", "{\"a\":1}"));
        Submission second = submissions.submit(caller, job("{\"a\":1}", 4), key("k-1", "{\"a\":1}"));

        assertThat(first.replayed()).isFalse();
        assertThat(second.replayed()).isTrue();
        assertThat(second.job().id()).isEqualTo(first.job().id());
        assertThat(second.creditsLeft()).isEqualTo(6);
        assertThat(ledger.balance(caller.accountId())).isEqualTo(6);
        assertThat(jobs.claimNext("w")).isPresent();
        assertThat(jobs.claimNext("w")).isEmpty();
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflict() {
        submissions.submit(caller, job("{\"a\":1}", 4), key("k-1", "{\"a\":1}"));

        assertThatThrownBy(() -> submissions.submit(caller, job("{\"a\":2}", 4), key("k-1", "{\"a\":2}")))
                .isInstanceOfSatisfying(IdempotencyConflictException.class,
                        e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));
        assertThat(ledger.balance(caller.accountId())).isEqualTo(6);
    }

    @Test
    void keysBelongToOneAccount() {
        Caller other = keys.authenticate(keys.create("other", 10).plainKey());

        Submission mine = submissions.submit(caller, job("{}", 1), key("shared", "{}"));
        Submission theirs = submissions.submit(other, job("{}", 1), key("shared", "{}"));

        assertThat(theirs.replayed()).isFalse();
        assertThat(theirs.job().id()).isNotEqualTo(mine.job().id());
        assertThat(ledger.balance(other.accountId())).isEqualTo(9);
    }

    @Test
    void aRefusedSubmissionLeavesNoTraceAndMayBeRetried() {
        assertThatThrownBy(() -> submissions.submit(caller, job("{}", 11), key("k-1", "{}")))
                .isInstanceOf(InsufficientCreditsException.class);
        assertThat(jobs.claimNext("w")).isEmpty();

        keys.credit(caller.key().prefix(), 5);
        Submission retried = submissions.submit(caller, job("{}", 11), key("k-1", "{}"));

        assertThat(retried.replayed()).isFalse();
        assertThat(retried.creditsLeft()).isEqualTo(4);
    }

    @Test
    void concurrentRepeatsOfOneSubmissionQueueOneJob() throws Exception {
        int count = 20;
        ExecutorService threads = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Submission>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return submissions.submit(caller, job("{\"same\":true}", 3), key("retry-storm", "{\"same\":true}"));
                }));
            }
            start.countDown();
            List<Submission> results = new ArrayList<>();
            for (Future<Submission> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            assertThat(results).extracting(s -> s.job().id()).containsOnly(results.get(0).job().id());
            assertThat(results).filteredOn(s -> !s.replayed()).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(ledger.balance(caller.accountId())).isEqualTo(7);
        assertThat(ledger.entries(caller.accountId())).filteredOn(e -> e.reason() == LedgerReason.CHARGE).hasSize(1);
    }

    @Test
    void hundredConcurrentSubmissionsAgainstTenCreditsQueueExactlyTen() throws Exception {
        int count = 100;
        ExecutorService threads = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(threads.submit(() -> {
                    start.await();
                    try {
                        submissions.submit(caller, job("{\"n\":" + n + "}", 1), key("k-" + n, "{\"n\":" + n + "}"));
                        return true;
                    } catch (InsufficientCreditsException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int accepted = 0;
            for (Future<Boolean> future : futures) {
                accepted += future.get(120, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(10);
        } finally {
            threads.shutdownNow();
        }
        assertThat(ledger.balance(caller.accountId())).isZero();
        assertThat(ledger.entries(caller.accountId()).stream().mapToLong(e -> e.delta()).sum()).isZero();
        int queued = 0;
        while (jobs.claimNext("w").isPresent()) {
            queued++;
        }
        assertThat(queued).isEqualTo(10);
    }

    @Test
    void freeJobsAreQueuedWithoutACharge() {
        Submission free = submissions.submit(caller, job("{}", 0), null);

        assertThat(free.job().chargeId()).isZero();
        assertThat(free.creditsLeft()).isEqualTo(10);
        jobs.claimNext("w");
        assertThat(jobs.fail(free.job().id(), "internal_error", "boom").status()).isEqualTo(JobStatus.FAILED);
        assertThat(ledger.balance(caller.accountId())).isEqualTo(10);
    }
}
