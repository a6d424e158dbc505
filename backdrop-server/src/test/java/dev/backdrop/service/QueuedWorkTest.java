package dev.backdrop.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.Pricing;
import dev.backdrop.fetch.FetchSettings;
import dev.backdrop.fetch.UrlFetcher;
import dev.backdrop.jobs.IdempotencyStore;
import dev.backdrop.jobs.Job;
import dev.backdrop.jobs.JobStatus;
import dev.backdrop.jobs.JobStore;
import dev.backdrop.jobs.JobSubmissions;
import dev.backdrop.request.CutoutOrder;
import dev.backdrop.request.ImageSource;
import dev.backdrop.request.OutputPolicy;
import dev.backdrop.storage.LocalResultStore;
import dev.backdrop.storage.PublicUrls;
import dev.backdrop.storage.ResultKeys;
import dev.backdrop.testing.DatabaseTestBase;
import dev.backdrop.testing.TestPhotos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API node's synchronous work with no worker to run it: 429 while the queue is at its limit
 * (nothing charged), and a request nobody finishes fails its job and refunds it.
 */
class QueuedWorkTest extends DatabaseTestBase {

    @TempDir
    Path files;

    private final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private CreditLedger ledger;
    private JobStore jobs;
    private Caller caller;
    private PipelineRunner runner;
    private JobService jobService;
    private UrlFetcher fetcher;
    private LocalResultStore store;

    @BeforeEach
    void wire() {
        ledger = new CreditLedger(database);
        ApiKeys keys = new ApiKeys(database, ledger);
        jobs = new JobStore(database, ledger);
        caller = keys.authenticate(keys.create("shop", 10).plainKey());
        runner = new PipelineRunner(new WorkQueue(1, 1));
        fetcher = new UrlFetcher(FetchSettings.DEFAULT);
        store = new LocalResultStore(files);
        jobService = new JobService(new JobSubmissions(database, ledger, jobs, new IdempotencyStore(database)),
                new PriceList(Pricing.defaults(), runner), fetcher, store, new ResultKeys(), json, () -> { });
    }

    @AfterEach
    void close() {
        runner.close();
        fetcher.close();
    }

    private QueuedWork work(int queueLimit, Duration timeout) {
        return new QueuedWork(jobService, jobs, store, PublicUrls.forListener("127.0.0.1", 1), json,
                new PriceList(Pricing.defaults(), runner), () -> caller, queueLimit, List.of(), timeout);
    }

    private static CutoutOrder cutout() {
        return new CutoutOrder(new ImageSource.Inline(TestPhotos.bytes("coffee.png")), false, OutputPolicy.DEFAULT);
    }

    @Test
    void aFullQueueRefusesSynchronousWorkWith429AndChargesNothing() {
        Payer payer = new Payer(caller, b -> { });
        jobService.submit(caller, true, cutout(), null, null); // one job waiting, and no worker
        long before = ledger.balance(caller.accountId());

        assertThatThrownBy(() -> work(1, Duration.ofSeconds(5)).cutout(payer, cutout(), CutoutAnswer.Form.IMAGE))
                .isInstanceOf(OverloadedException.class);
        assertThat(ledger.balance(caller.accountId())).isEqualTo(before);
        assertThat(jobs.countByStatus().get(JobStatus.QUEUED)).isEqualTo(1L);
    }

    @Test
    void aRequestNoWorkerFinishesFailsItsJobAndIsRefunded() {
        Payer payer = new Payer(caller, b -> { });
        assertThatThrownBy(() -> work(10, Duration.ofMillis(300)).cutout(payer, cutout(), CutoutAnswer.Form.IMAGE))
                .isInstanceOf(QueuedWorkTimeoutException.class).hasMessageContaining("are the workers running?");
        assertThat(ledger.balance(caller.accountId())).isEqualTo(10);
        Job job = jobs.claimNext("late worker").orElse(null);
        assertThat(job).as("the timed-out job is not left for a worker").isNull();
    }
}
