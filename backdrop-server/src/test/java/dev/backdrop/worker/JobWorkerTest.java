package dev.backdrop.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.api.ImageInputs;
import dev.backdrop.api.ReplaceService;
import dev.backdrop.api.ResultPublisher;
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
import dev.backdrop.work.WorkQueue;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs left running by a worker that died are queued again on start; the pipeline is not loaded here. */
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
            ReplaceService service = new ReplaceService(new WorkQueue(1, 1));
            LocalResultStore store = new LocalResultStore(dataFolder.resolve("files"));
            ResultPublisher publisher = new ResultPublisher(store, new ResultKeys(), PublicUrls.forListener("127.0.0.1", 1));
            JobExecution execution = new JobExecution(service, new ImageInputs(new ImageDecoder(), url -> new byte[0]),
                    store, publisher, json);
            WebhookSender webhooks = new WebhookSender(jobs, new JobView(json), (url, body, headers) -> 204, List.of(),
                    Clock.systemUTC());
            JobWorker worker = new JobWorker(jobs, execution, webhooks, () -> true, 1, Duration.ofMillis(20),
                    Duration.ofMinutes(15));
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
            assertThat(failed.errorCode()).isEqualTo("internal_error"); // its request "{}" names no image
            assertThat(ledger.balance(key.key().accountId())).isEqualTo(10);
        }
    }
}
