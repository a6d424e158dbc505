package dev.backdrop.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.backdrop.accounts.AccessTokens;
import dev.backdrop.accounts.AdminKeyBootstrap;
import dev.backdrop.accounts.ApiKey;
import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.Caller;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.KeySummary;
import dev.backdrop.api.AccountRoutes;
import dev.backdrop.api.AdminRoutes;
import dev.backdrop.api.ApiServer;
import dev.backdrop.api.BgReplaceRoutes;
import dev.backdrop.api.Billing;
import dev.backdrop.api.CutoutRoutes;
import dev.backdrop.api.DocsRoutes;
import dev.backdrop.api.FileRoutes;
import dev.backdrop.api.GenerateImageRoutes;
import dev.backdrop.api.HealthRoutes;
import dev.backdrop.api.IdempotentRequests;
import dev.backdrop.api.PlaygroundRoutes;
import dev.backdrop.service.PriceList;
import dev.backdrop.service.ImageInputs;
import dev.backdrop.service.MemoryBudget;
import dev.backdrop.api.JobRoutes;
import dev.backdrop.api.MetricsRoutes;
import dev.backdrop.api.Readiness;
import dev.backdrop.service.PipelineRunner;
import dev.backdrop.service.ResultPublisher;
import dev.backdrop.db.Database;
import dev.backdrop.diffusion.BackgroundSources;
import dev.backdrop.fetch.FetchSettings;
import dev.backdrop.fetch.UrlFetcher;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.jobs.IdempotencyStore;
import dev.backdrop.jobs.JobStore;
import dev.backdrop.jobs.JobSubmissions;
import dev.backdrop.jobs.JobView;
import dev.backdrop.metrics.ServerMetrics;
import dev.backdrop.model.FetchProgress;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.segment.SegmentationModels;
import dev.backdrop.storage.FileResponder;
import dev.backdrop.storage.PublicUrls;
import dev.backdrop.storage.ResultKeys;
import dev.backdrop.storage.Retention;
import dev.backdrop.storage.ResultStore;
import dev.backdrop.storage.StorageSettings;
import dev.backdrop.service.Charges;
import dev.backdrop.service.InProcessWork;
import dev.backdrop.service.JobService;
import dev.backdrop.service.QueuedWork;
import dev.backdrop.service.SynchronousWork;
import dev.backdrop.service.ReplaceService;
import dev.backdrop.service.WorkQueue;
import dev.backdrop.webhook.WebhookSender;
import dev.backdrop.worker.JobExecution;
import dev.backdrop.worker.JobWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every part of the server is made and wired here, by hand, in one place.
 * The HTTP listener opens at once; the models load in the background and {@code /readyz} turns
 * ready when they are in. The {@link Role} decides the parts: an API node loads no models and runs
 * no jobs (its synchronous routes queue their work and wait for it, its readiness is the database
 * and the storage); a worker runs jobs and answers only health and metrics over HTTP.
 */
public final class BackdropServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackdropServer.class);

    private final BackgroundSources backgrounds;
    private final Database database;
    private final ApiKeys keys;
    private final CreditLedger ledger;
    private final ResultStore store;
    private final UrlFetcher fetcher;
    private final SegmentationModels models;
    private final PipelineRunner service;
    private final ApiServer http;
    private final Optional<AdminKeyBootstrap.AdminKey> adminKey;
    private final Thread loader;
    private final ServerMetrics metrics;
    private final WebhookSender webhooks;
    private final JobWorker jobWorker;
    private final Path dataDir;
    private final AccessTokens tokens;
    private final Retention retention;

    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JOB_POLL = Duration.ofSeconds(1);
    /** How long an API node's synchronous request waits for its job before it is given up and refunded. */
    static final Duration QUEUED_WORK_TIMEOUT = Duration.ofMinutes(5);

    private BackdropServer(ServerSettings s) {
        try {
            Files.createDirectories(s.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + s.dataDir(), e);
        }
        // A bad diffusion folder stops start-up here, with the reason, before anything listens.
        backgrounds = BackgroundSources.choose(s.diffusionModel(), s.diffusion());
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        database = Database.open(s.database() != null ? s.database() : Database.embeddedUrl(s.dataDir()));
        metrics = new ServerMetrics();
        ledger = new CreditLedger(database, metrics);
        keys = new ApiKeys(database, ledger);
        adminKey = new AdminKeyBootstrap(database, keys, s.dataDir()).run();
        tokens = AccessTokens.resolve(System.getenv(), s.dataDir());
        store = (s.storage() != null ? StorageSettings.parse(s.storage(), System.getenv())
                : StorageSettings.defaultFor(s.dataDir())).open();
        store.check();
        retention = Retention.fromEnvironment(store, System.getenv()).start();
        fetcher = new UrlFetcher(FetchSettings.DEFAULT.withAllowedHosts(s.fetchAllow()));
        // The cut-out model runs where the diffusion graphs do (a GPU given with --cuda-device, else the CPU).
        models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(), s.diffusion().execution());
        Role role = s.role();
        WorkQueue work = new WorkQueue(s.workers(), s.queue());
        metrics.watchQueue(work::depth);
        service = new PipelineRunner(work, metrics);
        ImageInputs inputs = new ImageInputs(new ImageDecoder(), url -> fetcher.fetch(url).bytes(), store);
        Supplier<Caller> unauthenticatedOwner = () -> firstKeyOwner(keys);
        Billing billing = new Billing(keys, ledger, !s.noAuth(), unauthenticatedOwner);
        ResultKeys resultKeys = new ResultKeys();
        ServerSocketChannel listener = ApiServer.listen(s.host(), s.port());
        int port = listener.socket().getLocalPort();
        PublicUrls urls = s.publicUrl() != null ? PublicUrls.parse(s.publicUrl()) : PublicUrls.forListener(s.host(), port);
        ResultPublisher publisher = new ResultPublisher(store, resultKeys, urls);
        IdempotencyStore idempotencyStore = new IdempotencyStore(database);
        IdempotentRequests idempotency = new IdempotentRequests(idempotencyStore, billing, json);
        JobStore jobStore = new JobStore(database, ledger);
        metrics.watchJobs(jobStore::countByStatus);
        webhooks = new WebhookSender(jobStore, new JobView(json),
                (url, body, headers) -> fetcher.post(url, "application/json", body, headers, WEBHOOK_TIMEOUT),
                WebhookSender.DEFAULT_RETRY_DELAYS, Clock.systemUTC());
        PriceList prices = new PriceList(s.pricing(), service);
        ReplaceService replacing = new ReplaceService(service, inputs, new Charges(ledger), prices,
                MemoryBudget.fromEnvironment(System.getenv()));
        jobWorker = role.runsJobs() ? new JobWorker(jobStore, new JobExecution(replacing, publisher, json), webhooks,
                service::isReady, s.workers(), JOB_POLL, JobLease.resolve(s.jobLease(), System.getenv()),
                s.database() == null) : null;
        Readiness shown;
        SynchronousWork synchronous;
        if (role == Role.API) {
            // Prices and the ignored parameters follow the generator the workers run (same --diffusion-model).
            service.ignoring(backgrounds.ignored());
            shown = Readiness.probing(backgrounds.describe() + " (on the workers)", this::sharedPartsMissing);
            synchronous = new QueuedWork(jobService(database, ledger, jobStore, idempotencyStore, prices, resultKeys,
                    json, () -> { }), jobStore, store, urls, json, prices, unauthenticatedOwner, s.queue(),
                    backgrounds.ignored(), QUEUED_WORK_TIMEOUT);
        } else {
            shown = new Readiness();
            synchronous = new InProcessWork(replacing, service, publisher);
        }

        Readiness readiness = shown;
        List<ApiServer.Routes> routes = new ArrayList<>(List.of(new MetricsRoutes(metrics, tokens),
                new HealthRoutes(readiness)));
        if (role.servesApi()) {
            Runnable wake = jobWorker != null ? jobWorker::wake : () -> { };
            routes.addAll(List.of(
                    new AdminRoutes(tokens, keys, ledger, json),
                    new PlaygroundRoutes(),
                    new AccountRoutes(billing),
                    new FileRoutes(new FileResponder(store)),
                    new DocsRoutes(),
                    new CutoutRoutes(synchronous, billing, json, idempotency),
                    new GenerateImageRoutes(synchronous, billing, json, idempotency),
                    new BgReplaceRoutes(synchronous, billing, json, idempotency),
                    new JobRoutes(jobService(database, ledger, jobStore, idempotencyStore, prices, resultKeys, json,
                            wake), jobStore, billing, urls, json)));
        }
        http = ApiServer.start(listener, s.maxRequestBytes(), json, routes.toArray(ApiServer.Routes[]::new));
        if (jobWorker != null) {
            jobWorker.start();
        }
        dataDir = s.dataDir();
        ServerAddressFile.write(dataDir, URI.create("http://" + (s.host().contains(":") ? "[" + s.host() + "]" : s.host())
                + ":" + http.port()));

        // A large stack: creating an ONNX Runtime session recurses deeply through big graphs.
        loader = new Thread(null, () -> {
            if (!role.runsJobs()) {
                return; // an API node runs no pipeline
            }
            try {
                FetchProgress log = (stage, done, total) -> {
                    if (total <= 0 || done == total) {
                        LOG.info("{}", stage);
                    }
                };
                CutoutMaker cutouts = new CutoutMaker(models.segmenter(s.model(), log));
                service.ready(backgrounds.pipeline(cutouts), backgrounds.ignored());
                readiness.ready(backgrounds.describe());
                LOG.info("ready: model {} loaded; backgrounds: {}", s.model(), backgrounds.describe());
            } catch (RuntimeException e) {
                readiness.waiting("the model could not be loaded: " + e.getMessage());
                LOG.error("the model could not be loaded: {}", e.getMessage(), e);
            }
        }, "backdrop-model-loader", 64L * 1024 * 1024);
        loader.setDaemon(true);
        loader.start();
        if (role == Role.API) {
            LOG.info("ready: API node; jobs run on the workers; backgrounds: {}", backgrounds.describe());
        }
    }

    private JobService jobService(Database database, CreditLedger ledger, JobStore jobStore,
                                  IdempotencyStore idempotencyStore, PriceList prices, ResultKeys resultKeys,
                                  ObjectMapper json, Runnable submitted) {
        return new JobService(new JobSubmissions(database, ledger, jobStore, idempotencyStore), prices, fetcher, store,
                resultKeys, json, submitted);
    }

    /** An API node's readiness: what of the shared database and storage it cannot reach now, or null. */
    private String sharedPartsMissing() {
        try {
            database.inTransaction(c -> {
                try (var st = c.createStatement()) {
                    st.execute("SELECT 1");
                }
                return null;
            });
        } catch (RuntimeException e) {
            return "the database is unreachable: " + e.getMessage();
        }
        try {
            store.check();
        } catch (RuntimeException e) {
            return "the storage is unreachable: " + e.getMessage();
        }
        return null;
    }

    /** With authentication off, jobs belong to the oldest key's account (the admin key made on first start). */
    private static Caller firstKeyOwner(ApiKeys keys) {
        ApiKey first = keys.list().stream().map(KeySummary::key).findFirst()
                .orElseThrow(() -> new IllegalStateException("the database has no API key to own jobs"));
        return new Caller(first, 0);
    }

    public static BackdropServer start(ServerSettings settings) {
        return new BackdropServer(settings);
    }

    public int port() {
        return http.port();
    }

    /** The admin key made on first start with an empty database, shown once. */
    public Optional<AdminKeyBootstrap.AdminKey> adminKey() {
        return adminKey;
    }

    /** The bearer tokens of /admin/v1 and /metrics (where the admin token comes from, for the start-up line). */
    public AccessTokens accessTokens() {
        return tokens;
    }

    /** The server's keys, for administration in the same process. */
    public ApiKeys keys() {
        return keys;
    }

    /** Images waiting or being processed. */
    public int queueDepth() {
        return service.queue().depth();
    }

    public CreditLedger ledger() {
        return ledger;
    }

    public void awaitReady(long millis) throws InterruptedException {
        loader.join(millis);
    }

    /**
     * Refuses new requests, lets the ones in progress finish and be answered, then stops the
     * workers and closes storage and the database.
     */
    @Override
    public void close() {
        http.close();
        ServerAddressFile.remove(dataDir);
        if (jobWorker != null) {
            jobWorker.close();
        }
        webhooks.close();
        service.close();
        try {
            // Closing a model while its session is still being created crashes the native runtime.
            loader.join(300_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        models.close();
        backgrounds.close();
        fetcher.close();
        retention.close();
        store.close();
        database.close();
    }
}
