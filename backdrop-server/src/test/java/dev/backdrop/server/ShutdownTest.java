package dev.backdrop.server;

import static dev.backdrop.server.JobsTestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.jobs.Job;
import dev.backdrop.jobs.JobStatus;
import dev.backdrop.jobs.JobStore;
import dev.backdrop.testing.TestPhotos;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the server lets the job under way finish; without authentication jobs need no key. */
class ShutdownTest {

    @TempDir
    Path dataDir;

    @Test
    void aRunningJobFinishesWhenTheServerCloses() throws Exception {
        JobsTestServer server = new JobsTestServer(dataDir, true);
        String id;
        try {
            HttpResponse<byte[]> accepted = server.post("/v1/jobs", null, Map.of("image",
                    Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png")), "prompt", "linen, daylight",
                    "samples", 4), // several seconds of work: still under way when the polling below sees it
                    Map.of());
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(accepted.headers().firstValue("x-remaining-credits")).isEmpty();
            id = json(accepted).get("id").asText();
            long deadline = System.nanoTime() + 60_000_000_000L;
            for (String status; !(status = json(server.get("/v1/jobs/" + id, null)).get("status").asText()).equals("running"); ) {
                assertThat(status).as("the job has not ended before it was seen running").isEqualTo("queued");
                assertThat(System.nanoTime()).as("the job starts").isLessThan(deadline);
                Thread.sleep(10);
            }
            server.server.close();
            Job job = new JobStore(server.database, new CreditLedger(server.database)).get(id).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.result()).contains("\"url\"");
        } finally {
            server.database.close();
        }
    }
}
