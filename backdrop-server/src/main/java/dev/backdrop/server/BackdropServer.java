package dev.backdrop.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.backdrop.accounts.AdminKeyBootstrap;
import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.api.AccountRoutes;
import dev.backdrop.api.ApiServer;
import dev.backdrop.api.BgReplaceRoutes;
import dev.backdrop.api.Billing;
import dev.backdrop.api.CutoutRoutes;
import dev.backdrop.api.FileRoutes;
import dev.backdrop.api.GenerateImageRoutes;
import dev.backdrop.api.HealthRoutes;
import dev.backdrop.api.PlaygroundRoutes;
import dev.backdrop.api.ImageInputs;
import dev.backdrop.api.Readiness;
import dev.backdrop.api.ReplaceService;
import dev.backdrop.api.ResultPublisher;
import dev.backdrop.db.Database;
import dev.backdrop.fetch.FetchSettings;
import dev.backdrop.fetch.UrlFetcher;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.model.FetchProgress;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.reference.ReferenceGenerator;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.segment.SegmentationModels;
import dev.backdrop.storage.FileResponder;
import dev.backdrop.storage.PublicUrls;
import dev.backdrop.storage.ResultKeys;
import dev.backdrop.storage.ResultStore;
import dev.backdrop.storage.StorageSettings;
import dev.backdrop.work.WorkQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every part of the server is made and wired here, by hand, in one place.
 * The HTTP listener opens at once; the models load in the background and {@code /readyz} turns
 * ready when they are in.
 */
public final class BackdropServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackdropServer.class);

    private final Database database;
    private final ResultStore store;
    private final UrlFetcher fetcher;
    private final SegmentationModels models;
    private final ReplaceService service;
    private final ApiServer http;
    private final Optional<AdminKeyBootstrap.AdminKey> adminKey;
    private final Thread loader;

    private BackdropServer(ServerSettings s) {
        try {
            Files.createDirectories(s.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + s.dataDir(), e);
        }
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        database = Database.open(s.database() != null ? s.database() : Database.embeddedUrl(s.dataDir()));
        CreditLedger ledger = new CreditLedger(database);
        ApiKeys keys = new ApiKeys(database, ledger);
        adminKey = new AdminKeyBootstrap(database, keys, s.dataDir()).run();
        store = (s.storage() != null ? StorageSettings.parse(s.storage(), System.getenv())
                : StorageSettings.defaultFor(s.dataDir())).open();
        store.check();
        fetcher = new UrlFetcher(FetchSettings.DEFAULT.withAllowedHosts(s.fetchAllow()));
        models = new SegmentationModels(ModelCache.fromEnvironment(), new NpmModelFetcher(), s.threads());
        service = new ReplaceService(new WorkQueue(s.workers(), s.queue()));
        Readiness readiness = new Readiness();
        ImageInputs inputs = new ImageInputs(new ImageDecoder(), url -> fetcher.fetch(url).bytes());
        Billing billing = new Billing(keys, ledger, !s.noAuth());
        ResultKeys resultKeys = new ResultKeys();
        int port = s.port() == 0 ? freePort() : s.port();
        PublicUrls urls = s.publicUrl() != null ? PublicUrls.parse(s.publicUrl()) : PublicUrls.forListener(s.host(), port);
        ResultPublisher publisher = new ResultPublisher(store, resultKeys, urls);

        http = ApiServer.start(s.host(), port, s.maxRequestBytes(), json,
                new HealthRoutes(readiness),
                new PlaygroundRoutes(),
                new AccountRoutes(billing),
                new FileRoutes(new FileResponder(store)),
                new CutoutRoutes(service, inputs, billing, s.pricing(), json, store, resultKeys, urls),
                new GenerateImageRoutes(service, inputs, publisher, billing, s.pricing(), json),
                new BgReplaceRoutes(service, inputs, publisher, billing, s.pricing(), json));

        loader = new Thread(() -> {
            try {
                FetchProgress log = (stage, done, total) -> {
                    if (total <= 0 || done == total) {
                        LOG.info("{}", stage);
                    }
                };
                CutoutMaker cutouts = new CutoutMaker(models.segmenter(s.model(), log));
                SceneGenerator scenes = new SceneGenerator();
                service.ready(new Pipeline(cutouts, scenes::build, new ReferenceGenerator(scenes)::build));
                readiness.ready();
                LOG.info("ready: model {} loaded", s.model());
            } catch (RuntimeException e) {
                readiness.waiting("the model could not be loaded: " + e.getMessage());
                LOG.error("the model could not be loaded: {}", e.getMessage(), e);
            }
        }, "backdrop-model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** Port 0 means any free port; it is chosen before start so result URLs can name it. */
    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
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

    public void awaitReady(long millis) throws InterruptedException {
        loader.join(millis);
    }

    /** Stops taking requests, lets running work finish, then closes storage and the database. */
    @Override
    public void close() {
        http.close();
        service.close();
        models.close();
        fetcher.close();
        store.close();
        database.close();
    }
}
