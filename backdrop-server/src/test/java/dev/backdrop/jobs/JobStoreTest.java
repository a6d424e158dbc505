package dev.backdrop.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.accounts.LedgerReason;
import dev.backdrop.testing.DatabaseTestBase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobStoreTest extends DatabaseTestBase {

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
        caller = keys.authenticate(keys.create("shop", 1000).plainKey());
    }

    private Job submit(String request, long cost) {
        return submissions.submit(caller, new NewJob("bg-replace", request, cost, null), null).job();
    }

    @Test
    void submittingChargesAndQueues() {
        Submission submission = submissions.submit(caller,
                new NewJob("bg-replace", "{\"prompt\":\"beach\"}", 8, "http://127.0.0.1:9/hook"), null);

        Job job = submission.job();
        assertThat(job.id()).matches("job_[0-9A-Za-z]{24}");
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.request()).isEqualTo("{\"prompt\":\"beach\"}");
        assertThat(job.accountId()).isEqualTo(caller.accountId());
        assertThat(job.apiKeyId()).isEqualTo(caller.key().id());
        assertThat(job.createdAt()).isNotNull();
        assertThat(submission.replayed()).isFalse();
        assertThat(submission.creditsLeft()).isEqualTo(992);
        assertThat(ledger.entries(caller.accountId())).last()
                .satisfies(e -> {
                    assertThat(e.id()).isEqualTo(job.chargeId());
                    assertThat(e.reference()).isEqualTo("job " + job.id());
                });
        assertThat(jobs.webhookTarget(job.id())).contains(new WebhookTarget("http://127.0.0.1:9/hook", caller.key().webhookSecret()));
    }

    @Test
    void aJobGoesFromQueuedThroughRunningToSucceeded() {
        Job queued = submit("{}", 2);

        Job running = jobs.claimNext("worker-1").orElseThrow();
        assertThat(running.id()).isEqualTo(queued.id());
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.startedAt()).isNotNull();
        assertThat(jobs.claimNext("worker-2")).isEmpty();

        jobs.progress(queued.id(), 0.5);
        assertThat(jobs.find(caller.accountId(), queued.id()).progress()).isEqualTo(0.5);

        Job done = jobs.complete(queued.id(), "{\"results\":[\"a.png\"]}");
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.result()).isEqualTo("{\"results\":[\"a.png\"]}");
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.finishedAt()).isNotNull();

        jobs.progress(queued.id(), 0.2);
        assertThat(jobs.find(caller.accountId(), queued.id()).progress()).as("progress after the end is ignored").isEqualTo(1.0);
        assertThatThrownBy(() -> jobs.complete(queued.id(), "{}")).isInstanceOf(JobStateException.class).hasMessageContaining("succeeded");
        assertThatThrownBy(() -> jobs.fail(queued.id(), "x", "y")).isInstanceOf(JobStateException.class);
        assertThat(ledger.balance(caller.accountId())).isEqualTo(998);
    }

    @Test
    void aFailedJobKeepsItsErrorAndIsRefunded() {
        Job queued = submit("{}", 5);
        assertThat(ledger.balance(caller.accountId())).isEqualTo(995);
        jobs.claimNext("worker-1");

        Job failed = jobs.fail(queued.id(), "corrupt_image", "The image could not be decoded.");

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("corrupt_image");
        assertThat(failed.errorMessage()).isEqualTo("The image could not be decoded.");
        assertThat(ledger.balance(caller.accountId())).isEqualTo(1000);
        assertThat(ledger.entries(caller.accountId())).last()
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(LedgerReason.REFUND);
                    assertThat(e.refundOf()).isEqualTo(queued.chargeId());
                });
    }

    @Test
    void ownersFindTheirJobsAndNobodyElseDoes() {
        Job job = submit("{}", 1);
        IssuedKey stranger = keys.create("stranger", 10);

        assertThat(jobs.find(caller.accountId(), job.id()).id()).isEqualTo(job.id());
        assertThatThrownBy(() -> jobs.find(stranger.key().accountId(), job.id()))
                .isInstanceOf(JobNotFoundException.class)
                .satisfies(e -> assertThat(((JobNotFoundException) e).code()).isEqualTo("job_not_found"));
        assertThatThrownBy(() -> jobs.find(caller.accountId(), "job_missing")).isInstanceOf(JobNotFoundException.class);
        assertThat(jobs.webhookTarget(job.id())).isEmpty();
    }

    @Test
    void workersClaimInSubmissionOrder() {
        Job first = submit("{\"n\":1}", 1);
        Job second = submit("{\"n\":2}", 1);

        assertThat(jobs.claimNext("w").map(Job::id)).contains(first.id());
        assertThat(jobs.claimNext("w").map(Job::id)).contains(second.id());
        assertThat(jobs.claimNext("w")).isEmpty();
    }

    @Test
    void aJobLockedByOneWorkerIsSkippedByAnother() {
        Job first = submit("{\"n\":1}", 1);
        Job second = submit("{\"n\":2}", 1);

        // One transaction holds the first job's row, as a worker in the middle of claiming it does.
        Optional<Job> claimedMeanwhile = database.inTransaction(c -> {
            lock(c, first.id());
            return jobs.claimNext("other-worker");
        });

        assertThat(claimedMeanwhile.map(Job::id)).contains(second.id());
        assertThat(jobs.claimNext("w").map(Job::id)).contains(first.id());
    }

    private static void lock(Connection c, String jobId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id FROM jobs WHERE public_id = ? FOR UPDATE")) {
            select.setString(1, jobId);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    @Test
    void concurrentWorkersNeverGetTheSameJob() throws Exception {
        int count = 60;
        for (int i = 0; i < count; i++) {
            submit("{\"n\":" + i + "}", 1);
        }
        int workers = 6;
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String worker = "worker-" + w;
                futures.add(threads.submit(() -> {
                    start.await();
                    int empty = 0;
                    // a worker that finds nothing a few times in a row is done
                    while (empty < 3) {
                        Optional<Job> job = jobs.claimNext(worker);
                        if (job.isPresent()) {
                            claimed.add(job.get().id());
                            empty = 0;
                        } else {
                            empty++;
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        Set<String> distinct = new HashSet<>(claimed);
        assertThat(claimed).hasSize(distinct.size());
        assertThat(distinct).hasSize(count);
        assertThat(jobs.claimNext("late")).isEmpty();
    }

    @Test
    void staleRunningJobsGoBackToTheQueue() {
        Job job = submit("{}", 1);
        jobs.claimNext("dead-worker");

        assertThat(jobs.requeueStale(Instant.now().minusSeconds(3600))).isZero();
        assertThat(jobs.requeueStale(Instant.now().plusSeconds(60))).isEqualTo(1);

        Job again = jobs.claimNext("live-worker").orElseThrow();
        assertThat(again.id()).isEqualTo(job.id());
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void aRenewedLeaseKeepsTheJobWithItsWorkerAndOnlyTheHolderFinishesIt() {
        Job queued = submit("{}", 3);
        jobs.claimNext("w1").orElseThrow();
        age(queued.id());
        assertThat(jobs.heartbeat("someone else")).isZero();
        assertThat(jobs.heartbeat("w1")).isEqualTo(1);
        assertThat(jobs.requeueStale(Instant.now().minusSeconds(60))).isZero();

        age(queued.id());
        assertThat(jobs.requeueStale(Instant.now().minusSeconds(60))).isEqualTo(1);
        Job again = jobs.claimNext("w2").orElseThrow();
        assertThat(again.attempts()).isEqualTo(2);
        // w1 lost the job: its late result and its late failure do not count.
        assertThat(jobs.completeHeld(queued.id(), "w1", "{\"late\":true}")).isEmpty();
        assertThat(jobs.failHeld(queued.id(), "w1", "internal_error", "late")).isEmpty();
        assertThat(jobs.failHeld(queued.id(), "w2", "corrupt_image", "bad")).hasValueSatisfying(
                j -> assertThat(j.status()).isEqualTo(JobStatus.FAILED));
        assertThat(ledger.entries(caller.accountId())).filteredOn(e -> e.reason() == LedgerReason.REFUND).hasSize(1);
        assertThat(jobs.completeHeld(queued.id(), "w2", "{}")).isEmpty();
    }

    private void age(String jobId) {
        database.inTransaction(c -> {
            try (PreparedStatement age = c.prepareStatement("UPDATE jobs SET updated_at = ? WHERE public_id = ?")) {
                age.setObject(1, java.time.OffsetDateTime.ofInstant(Instant.now().minusSeconds(3600), java.time.ZoneOffset.UTC));
                age.setString(2, jobId);
                return age.executeUpdate();
            }
        });
    }
}
