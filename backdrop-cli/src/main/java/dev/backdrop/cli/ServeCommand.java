package dev.backdrop.cli;

import dev.backdrop.accounts.Pricing;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.server.BackdropServer;
import dev.backdrop.server.InvalidJobLeaseException;
import dev.backdrop.server.InvalidRoleException;
import dev.backdrop.server.JobLease;
import dev.backdrop.server.Role;
import dev.backdrop.server.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the HTTP API (both compatible APIs and the native one) on embedded defaults.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", converter = Count.Port.class,
            defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data", defaultValue = "data", paramLabel = "DIR",
            description = "embedded database, results and admin key (default: ./${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--public-url", paramLabel = "URL", description = "base of result URLs (default: http://HOST:PORT)")
    String publicUrl;

    @Option(names = "--no-auth", description = "accept requests without API keys (local experiments only)")
    boolean noAuth;

    @Option(names = "--fetch-allow", defaultValue = "", paramLabel = "HOST[,HOST...]",
            description = "hosts whose image URLs may point at local or private addresses")
    String fetchAllow;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "PostgreSQL URL (default: embedded H2 file in --data)")
    String db;

    @Option(names = "--storage", paramLabel = "SPEC",
            description = "dir:PATH or s3://BUCKET/PREFIX?endpoint=URL&region=R (default: DATA/files)")
    String storage;

    @Option(names = "--model", defaultValue = "isnet-fp16", description = "segmentation model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--threads", converter = Count.Positive.class,
            description = "inference threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--workers", converter = Count.Positive.class,
            defaultValue = "1", description = "images processed at once (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--queue", converter = Count.Positive.class,
            defaultValue = "16", description = "images waiting before 429 (default: ${DEFAULT-VALUE})")
    int queue;

    @Option(names = "--job-lease", paramLabel = "SECONDS",
            description = "how long a worker holds a job before another runs it (its worker died or lost the database),"
                    + " 1 to 3600 (default: " + JobLease.ENVIRONMENT + ", else 30)")
    Long jobLeaseSeconds;

    @Option(names = "--role", defaultValue = "all", paramLabel = "api|worker|all",
            converter = RoleConverter.class,
            description = "api: take requests and queue them; worker: run queued jobs; all: both in one process"
                    + " (default: ${DEFAULT-VALUE}). api and worker need a shared --db (PostgreSQL) and --storage (s3://)")
    Role role;

    /** Lower-case names, and a usage error that lists them. */
    static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            for (Role r : Role.values()) {
                if (r.optionName().equalsIgnoreCase(value.strip())) {
                    return r;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a role; use api, worker or all");
        }
    }

    @Mixin
    DiffusionModelOption diffusionModelOption;

    @Mixin
    ExecutionOptions execution;

    @Mixin
    DiffusionRunOptions diffusionRun;

    /** The database in words, never the URL itself (it may hold a password). */
    private String describeDatabase() {
        return db == null ? "embedded H2 in " + data : db.startsWith("jdbc:postgresql:") ? "PostgreSQL" : "JDBC";
    }

    /** The result store in words, without its query (an endpoint's parameters). */
    private String describeStorage() {
        return storage == null ? "files in " + data : storage.split("\\?", 2)[0];
    }

    /** {@code --job-lease} checked before anything starts; null when not given (the environment decides). */
    Duration jobLease() {
        if (jobLeaseSeconds == null) {
            return null;
        }
        try {
            return JobLease.ofSeconds(jobLeaseSeconds, "--job-lease");
        } catch (InvalidJobLeaseException e) {
            throw new ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    /** What the options ask of the server; a usage error for a bad one, before anything starts. */
    ServerSettings settings() {
        Duration jobLease = jobLease();
        Path diffusionModel = diffusionModelOption.resolve();
        DiffusionOptions diffusion = diffusionRun.options(execution.settings(threads), diffusionModel);
        try {
            return new ServerSettings(host, port, data, publicUrl, noAuth, fetchAllow, db, storage, model,
                    threads, workers, queue, 30L * 1024 * 1024, Pricing.defaults(), diffusionModel, diffusion, jobLease,
                    role);
        } catch (InvalidRoleException e) {
            throw new ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        BackdropServer server = BackdropServer.start(settings());
        server.adminKey().ifPresent(admin -> System.out.println("Created the admin API key (shown once, also saved to "
                + admin.file() + "):\n  " + admin.issued().plainKey()
                + "\n  webhook signing secret: " + admin.issued().key().webhookSecret()));
        System.out.println(new VersionProvider().getVersion()[0] + " listening on http://" + host + ":" + server.port()
                + (noAuth ? " (no authentication)" : "") + (role == Role.ALL ? "" : "; role: " + role.optionName())
                + "; database: " + describeDatabase() + "; storage: "
                + describeStorage() + "; admin token: " + server.accessTokens().source()
                + (role == Role.API ? "; jobs run on the workers (GET /readyz checks the database and storage)"
                : "; models load in the background (GET /readyz)"));
        CountDownLatch stopped = new CountDownLatch(1);
        StopSignals.onStop(() -> {
            System.out.println("Backdrop: finishing running work, then stopping");
            server.close();
            stopped.countDown();
        });
        stopped.await();
        return 0;
    }
}
