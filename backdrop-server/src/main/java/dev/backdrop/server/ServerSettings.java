package dev.backdrop.server;

import dev.backdrop.accounts.Pricing;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.onnx.ExecutionSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything {@code backdrop serve} can be told, with the embedded defaults.
 *
 * @param publicUrl   base of the URLs given to clients, or null for http://host:port
 * @param database    JDBC URL, or null for the embedded H2 file under {@code dataDir}
 * @param storage     storage spec ({@code dir:PATH} or {@code s3://bucket/prefix?...}), or null for {@code dataDir/files}
 * @param fetchAllow  comma-separated hosts exempt from the address policy (empty: none)
 * @param workers     images processed at once
 * @param queue       images waiting beyond the workers before 429
 * @param diffusionModel a Stable Diffusion model folder (ONNX, Optimum layout), or null for the
 *                    procedural scene generator
 * @param diffusion   how that model runs: CPU threads or a CUDA device, the batch cap
 * @param jobLease    how long a worker holds a job before another may run it ({@code --job-lease}), or null
 *                    for {@code BACKDROP_JOB_LEASE_SECONDS}, else the default ({@link JobLease#resolve})
 * @param role        what this process does ({@code --role}): the API, the job workers, or both
 */
public record ServerSettings(String host, int port, Path dataDir, String publicUrl, boolean noAuth, String fetchAllow,
                             String database, String storage, String model, int threads, int workers, int queue,
                             long maxRequestBytes, Pricing pricing, Path diffusionModel,
                             DiffusionOptions diffusion, Duration jobLease, Role role) {

    public ServerSettings {
        // Whoever builds the settings, a lease outside 1..3600 s stops start-up with the reason.
        if (jobLease != null) {
            JobLease.ofSeconds(jobLease.toSeconds(), "the job lease");
        }
        if (role == null) {
            role = Role.ALL;
        }
        role.requireShared(database, storage);
    }

    public static ServerSettings defaults(Path dataDir) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServerSettings("127.0.0.1", 8080, dataDir, null, false, "", null, null, "isnet-fp16", cores,
                1, 16, 30L * 1024 * 1024, Pricing.defaults(), null,
                DiffusionOptions.DEFAULT.withExecution(ExecutionSettings.cpu(cores)), null, Role.ALL);
    }

    public ServerSettings withPort(int p) {
        return new ServerSettings(host, p, dataDir, publicUrl, noAuth, fetchAllow, database, storage, model, threads,
                workers, queue, maxRequestBytes, pricing, diffusionModel, diffusion, jobLease, role);
    }

    public ServerSettings withNoAuth(boolean v) {
        return new ServerSettings(host, port, dataDir, publicUrl, v, fetchAllow, database, storage, model, threads,
                workers, queue, maxRequestBytes, pricing, diffusionModel, diffusion, jobLease, role);
    }

    public ServerSettings withFetchAllow(String hosts) {
        return new ServerSettings(host, port, dataDir, publicUrl, noAuth, hosts, database, storage, model, threads,
                workers, queue, maxRequestBytes, pricing, diffusionModel, diffusion, jobLease, role);
    }

    public ServerSettings withDatabase(String url) {
        return new ServerSettings(host, port, dataDir, publicUrl, noAuth, fetchAllow, url, storage, model, threads,
                workers, queue, maxRequestBytes, pricing, diffusionModel, diffusion, jobLease, role);
    }

    public ServerSettings withDiffusionModel(Path folder) {
        return new ServerSettings(host, port, dataDir, publicUrl, noAuth, fetchAllow, database, storage, model, threads,
                workers, queue, maxRequestBytes, pricing, folder, diffusion, jobLease, role);
    }

    /** {@code --job-lease}: it wins over {@code BACKDROP_JOB_LEASE_SECONDS}. */
    public ServerSettings withJobLease(Duration lease) {
        return new ServerSettings(host, port, dataDir, publicUrl, noAuth, fetchAllow, database, storage, model, threads,
                workers, queue, maxRequestBytes, pricing, diffusionModel, diffusion, lease, role);
    }

    public ServerSettings withQueue(int w, int q) {
        return new ServerSettings(host, port, dataDir, publicUrl, noAuth, fetchAllow, database, storage, model, threads,
                w, q, maxRequestBytes, pricing, diffusionModel, diffusion, jobLease, role);
    }

    public ServerSettings withRole(Role r) {
        return new ServerSettings(host, port, dataDir, publicUrl, noAuth, fetchAllow, database, storage, model, threads,
                workers, queue, maxRequestBytes, pricing, diffusionModel, diffusion, jobLease, r);
    }
}
