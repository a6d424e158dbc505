package dev.backdrop.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.accounts.Pricing;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.ImageSource;
import dev.backdrop.request.OutputPolicy;
import dev.backdrop.service.Charges;
import dev.backdrop.service.NotReadyException;
import dev.backdrop.testing.TestPhotos;
import dev.backdrop.service.ImageInputs;
import dev.backdrop.service.MemoryBudget;
import dev.backdrop.service.PriceList;
import dev.backdrop.service.ReplaceService;
import dev.backdrop.service.PipelineRunner;
import dev.backdrop.service.ResultPublisher;
import dev.backdrop.db.Database;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.jobs.IdempotencyStore;
import dev.backdrop.jobs.Job;
import dev.backdrop.jobs.JobStatus;
import dev.backdrop.jobs.JobStore;
import dev.backdrop.jobs.JobSubmissions;
import dev.backdrop.jobs.JobView;
import dev.backdrop.jobs.NewJob;
import dev.backdrop.storage.LocalResultStore;
import dev.backdrop.storage.PublicUrls;
import dev.backdrop.storage.ResultKeys;
import dev.backdrop.webhook.WebhookSender;
import dev.backdrop.service.WorkQueue;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs left running by a worker that died are queued again (on start, or when their lease runs out),
 * and each ends exactly once; the pipeline is not loaded here.
 */
class JobWorkerTest {

    @TempDir
    Path dataFolder;

    @Test
    void aJobLeftRunningIsRunAgainAndItsFailureRefunded() throws Exception {
        try (Database database = Database.open(Database.embeddedUrl(dataFolder))) {
            CreditLedger ledger = new CreditLedger(database);
            JobStore jobs = new JobStore(database, ledger);
            IssuedKey key = new ApiKeys(database, ledger).create("shop", 10);
            Job queued = new JobSubmissions(database, ledger, jobs, new IdempotencyStore(database))
                    .submit(new Caller(key.key(), 10), new NewJob("cutout", "{}", 1, null), null).job();
            jobs.claimNext("a worker that then died").orElseThrow();
            database.inTransaction(c -> {
                try (PreparedStatement age = c.prepareStatement("UPDATE jobs SET updated_at = ? WHERE public_id = ?")) {
                    age.setObject(1, OffsetDateTime.ofInstant(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
                    age.setString(2, queued.id());
                    return age.executeUpdate();
                }
            });
            assertThat(ledger.balance(key.key().accountId())).isEqualTo(9);

            ObjectMapper json = new ObjectMapper();
            LocalResultStore store = new LocalResultStore(dataFolder.resolve("files"));
            ResultPublisher publisher = new ResultPublisher(store, new ResultKeys(), PublicUrls.forListener("127.0.0.1", 1));
            PipelineRunner service = new PipelineRunner(new WorkQueue(1, 1));
            JobExecution execution = new JobExecution(unloaded(service, store, ledger), publisher, json);
            WebhookSender webhooks = new WebhookSender(jobs, new JobView(json), (url, body, headers) -> 204, List.of(),
                    Clock.systemUTC());
            JobWorker worker = new JobWorker(jobs, execution, webhooks, () -> true, 1, Duration.ofMillis(20),
                    Duration.ofMinutes(15), false);
            worker.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!jobs.get(queued.id()).orElseThrow().status().finished()) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(20);
                }
            } finally {
                worker.close();
                webhooks.close();
                service.close();
            }
            Job failed = jobs.get(queued.id()).orElseThrow();
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.attempts()).isEqualTo(2);
            assertThat(failed.errorCode()).isEqualTo("job_unreadable"); // its request "{}" names no kind of work
            assertThat(ledger.balance(key.key().accountId())).isEqualTo(10);
        }
    }

    @Test
    void onTheEmbeddedDatabaseAJobLeftRunningIsQueuedAgainAtOnce() throws Exception {
        try (Database database = Database.open(Database.embeddedUrl(dataFolder))) {
            Fixture f = new Fixture(database);
            Job queued = f.submit();
            f.jobs.claimNext("the process before this one").orElseThrow(); // just now: its lease has not run out
            JobWorker worker = f.worker(Duration.ofMinutes(10), true);
            long start = System.nanoTime();
            try {
                f.awaitFinished(queued.id(), Duration.ofSeconds(20));
            } finally {
                f.close(worker);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
            Job done = f.jobs.get(queued.id()).orElseThrow();
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(f.ledger.balance(f.key.key().accountId())).isEqualTo(10);
        }
    }

    @Test
    void aWorkerThatStopsRenewingLosesItsJobWithinTheLeaseAndCannotFinishItAfter() throws Exception {
        try (Database database = Database.open(Database.embeddedUrl(dataFolder))) {
            Fixture f = new Fixture(database);
            Job queued = f.submit();
            f.jobs.claimNext("a worker that hangs").orElseThrow();
            JobWorker worker = f.worker(Duration.ofMillis(600), false);
            try {
                f.awaitFinished(queued.id(), Duration.ofSeconds(20));
            } finally {
                f.close(worker);
            }
            Job done = f.jobs.get(queued.id()).orElseThrow();
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(f.jobs.completeHeld(queued.id(), "a worker that hangs", "[]")).isEmpty();
            assertThat(f.jobs.get(queued.id()).orElseThrow().status()).isEqualTo(done.status());
            // Charged once, refunded once: the ledger is exact.
            assertThat(f.ledger.entries(f.key.key().accountId())).extracting(e -> e.reason().name())
                    .containsExactly("GRANT", "CHARGE", "REFUND");
        }
    }

    @Test
    void aJobThatFindsTheServerBusyFetchesItsUrlOnce() throws Exception {
        try (Database database = Database.open(Database.embeddedUrl(dataFolder))) {
            AtomicInteger fetches = new AtomicInteger();
            byte[] photo = TestPhotos.bytes("chelsea.png");
            MemoryBudget budget = new MemoryBudget(1, Duration.ofMillis(50));
            PipelineRunner runner = new PipelineRunner(new WorkQueue(1, 1));
            CreditLedger ledger = new CreditLedger(database);
            LocalResultStore store = new LocalResultStore(dataFolder.resolve("files"));
            ReplaceService service = new ReplaceService(runner, new ImageInputs(new ImageDecoder(), url -> {
                fetches.incrementAndGet();
                return photo;
            }, store), new Charges(ledger), new PriceList(Pricing.defaults(), runner), budget);
            ObjectMapper json = new ObjectMapper();
            JobExecution execution = new JobExecution(service,
                    new ResultPublisher(store, new ResultKeys(), PublicUrls.forListener("127.0.0.1", 1)), json);
            String request = json.writeValueAsString(
                    new CutoutOrder(new ImageSource.Url("https://photos.example/chelsea.png"), false, OutputPolicy.DEFAULT));
            Instant now = Instant.now();
            Job job = new Job("job_busy", 1, 1, "cutout", JobStatus.RUNNING, request, null, 0, 0, null, null, null, 1,
                    now, now, null, now);
            CompletableFuture<String> run;
            // Another request holds the whole memory budget: the job's first try is refused as busy,
            // and it waits (5 s, the budget's Retry-After) for its next.
            try (MemoryBudget.Lease taken = budget.reserve(1_000_000)) {
                run = CompletableFuture.supplyAsync(() -> execution.run(job, PipelineObserver.NONE));
                Thread.sleep(1_000);
            }
            // The next try gets the budget and reaches the pipeline, which is not loaded here.
            assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(NotReadyException.class);
            assertThat(fetches).hasValue(1);
            runner.close();
        }
    }

    /** The service with its pipeline not loaded: any job run through it fails. */
    private static ReplaceService unloaded(PipelineRunner runner, LocalResultStore store, CreditLedger ledger) {
        return new ReplaceService(runner, new ImageInputs(new ImageDecoder(), url -> new byte[0], store),
                new Charges(ledger), new PriceList(Pricing.defaults(), runner), new MemoryBudget(32));
    }

    /** A database with one key, and workers whose pipeline is not loaded (a "{}" request fails in it). */
    private final class Fixture {
        final CreditLedger ledger;
        final JobStore jobs;
        final IssuedKey key;
        final Database database;
        final PipelineRunner service = new PipelineRunner(new WorkQueue(1, 1));
        WebhookSender webhooks;

        Fixture(Database database) {
            this.database = database;
            ledger = new CreditLedger(database);
            jobs = new JobStore(database, ledger);
            key = new ApiKeys(database, ledger).create("shop", 10);
        }

        Job submit() {
            return new JobSubmissions(database, ledger, jobs, new IdempotencyStore(database))
                    .submit(new Caller(key.key(), 10), new NewJob("cutout", "{}", 1, null), null).job();
        }

        JobWorker worker(Duration lease, boolean sole) {
            ObjectMapper json = new ObjectMapper();
            LocalResultStore store = new LocalResultStore(dataFolder.resolve("files"));
            ResultPublisher publisher = new ResultPublisher(store, new ResultKeys(), PublicUrls.forListener("127.0.0.1", 1));
            JobExecution execution = new JobExecution(unloaded(service, store, ledger), publisher, json);
            webhooks = new WebhookSender(jobs, new JobView(json), (url, body, headers) -> 204, List.of(), Clock.systemUTC());
            JobWorker worker = new JobWorker(jobs, execution, webhooks, () -> true, 1, Duration.ofMillis(20), lease, sole);
            worker.start();
            return worker;
        }

        void awaitFinished(String id, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (!jobs.get(id).orElseThrow().status().finished()) {
                assertThat(System.nanoTime()).as("job %s finished in time", id).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        void close(JobWorker worker) {
            worker.close();
            webhooks.close();
            service.close();
        }
    }
}
