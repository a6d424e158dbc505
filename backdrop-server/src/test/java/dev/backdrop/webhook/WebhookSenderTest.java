package dev.backdrop.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.db.Database;
import dev.backdrop.fetch.FetchSettings;
import dev.backdrop.fetch.UrlFetcher;
import dev.backdrop.jobs.IdempotencyStore;
import dev.backdrop.jobs.Job;
import dev.backdrop.jobs.JobStore;
import dev.backdrop.jobs.JobSubmissions;
import dev.backdrop.jobs.JobView;
import dev.backdrop.jobs.NewJob;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook calls to a real receiver on loopback: signed, retried after failures, refused for private hosts. */
class WebhookSenderTest {

    @TempDir
    Path dataFolder;
    Database database;
    JobStore jobs;
    JobSubmissions submissions;
    IssuedKey key;
    HttpServer receiver;
    UrlFetcher fetcher;
    final AtomicInteger failuresLeft = new AtomicInteger();
    final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        database = Database.open(Database.embeddedUrl(dataFolder));
        CreditLedger ledger = new CreditLedger(database);
        jobs = new JobStore(database, ledger);
        submissions = new JobSubmissions(database, ledger, jobs, new IdempotencyStore(database));
        key = new ApiKeys(database, ledger).create("shop", 10);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            received.add(new String[] {body, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER)});
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        database.close();
    }

    private WebhookSender sender(String allowedHosts) {
        fetcher = new UrlFetcher(FetchSettings.DEFAULT.withAllowedHosts(allowedHosts));
        return new WebhookSender(jobs, new JobView(new ObjectMapper()),
                (url, body, headers) -> fetcher.post(url, "application/json", body, headers, Duration.ofSeconds(5)),
                List.of(Duration.ofMillis(100), Duration.ofMillis(200)), Clock.systemUTC());
    }

    private Job finishedJob(String webhookUrl) {
        Caller caller = new Caller(key.key(), 10);
        Job queued = submissions.submit(caller, new NewJob("cutout", "{}", 1, webhookUrl), null).job();
        jobs.claimNext("test").orElseThrow();
        return jobs.complete(queued.id(), "[]");
    }

    @Test
    void aFailedCallIsTriedAgainAndEveryTryIsSigned() throws Exception {
        failuresLeft.set(2);
        Job job = finishedJob("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        try (WebhookSender sender = sender("127.0.0.1")) {
            sender.send(job);
            for (int i = 0; i < 3; i++) {
                String[] call = received.poll(10, TimeUnit.SECONDS);
                assertThat(call).as("try %d", i + 1).isNotNull();
                assertThat(new ObjectMapper().readTree(call[0]).get("id").asText()).isEqualTo(job.id());
                assertThat(WebhookSignature.verify(key.key().webhookSecret(), call[1],
                        call[0].getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
            }
            // the third try succeeded: no fourth
            assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            fetcher.close();
        }
    }

    @Test
    void loopbackIsRefusedUnlessAllowListed() throws Exception {
        Job job = finishedJob("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        try (WebhookSender sender = sender("")) {
            sender.send(job);
            assertThat(received.poll(1, TimeUnit.SECONDS)).isNull();
        } finally {
            fetcher.close();
        }
    }

    @Test
    void signaturesCoverTheTimeAndTheBody() {
        byte[] body = "{\"id\":\"job_1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String header = WebhookSignature.header("secret", 1_700_000_000L, body);
        assertThat(header).matches("t=1700000000,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify("secret", header, body)).isTrue();
        assertThat(WebhookSignature.verify("secret", header.replace("t=1700000000", "t=1700000001"), body)).isFalse();
        assertThat(WebhookSignature.verify("secret", header, "{\"id\":\"job_2\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))).isFalse();
        assertThat(WebhookSignature.verify("secret", "garbage", body)).isFalse();
    }
}
