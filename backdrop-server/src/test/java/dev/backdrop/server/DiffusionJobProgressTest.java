package dev.backdrop.server;

import static dev.backdrop.server.JobsTestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.diffusion.tiny.TinyModels;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.testing.EmbeddedPostgresServer;
import dev.backdrop.testing.TestPhotos;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job on a tiny diffusion model ({@code serve --diffusion-model}) over real HTTP. The server runs
 * on PostgreSQL, where a trigger logs every progress value written to the job's row: the history
 * is exactly what the worker stored, not what polling happened to catch between fast tiny steps.
 */
class DiffusionJobProgressTest {

    @TempDir
    static Path folder;
    static JobsTestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path model = TinyModels.write(folder.resolve("tiny-sd"), TinyVariant.SD15_INPAINT);
        server = new JobsTestServer(folder.resolve("data"), EmbeddedPostgresServer.newDatabaseUrl(),
                settings -> settings.withDiffusionModel(model));
        server.database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE progress_log (seq BIGSERIAL PRIMARY KEY, job VARCHAR(40) NOT NULL,"
                        + " status VARCHAR(16) NOT NULL, progress DOUBLE PRECISION NOT NULL)");
                s.execute("CREATE FUNCTION log_progress() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO progress_log (job, status, progress) VALUES (NEW.public_id, NEW.status,"
                        + " NEW.progress); RETURN NEW; END $$");
                // every UPDATE that sets the column, even to the value it had
                s.execute("CREATE TRIGGER jobs_progress_log AFTER UPDATE OF progress ON jobs FOR EACH ROW"
                        + " EXECUTE PROCEDURE log_progress()");
            }
            return null;
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aJobReportsEveryDenoisingStepOfTheBatch() throws Exception {
        IssuedKey key = server.key(10);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(TestPhotos.bytes("chelsea.png")));
        body.put("prompt", "a marble table, soft light");
        body.put("samples", 2);
        body.put("num_inference_steps", 20);
        body.put("scheduler", "DDIM");
        body.put("strength", 1);
        body.put("seed", 9);
        HttpResponse<byte[]> accepted = server.post("/v1/jobs", key.plainKey(), body, Map.of());
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json(accepted).get("id").asText();

        JsonNode job = server.awaitJob(id, key.plainKey(), new HashSet<>());
        assertThat(job.get("status").asText()).isEqualTo("succeeded");
        assertThat(job.get("results")).hasSize(2);
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);

        List<Double> written = progressWrittenWhileRunning(id);
        // the cut-out's third, then each of the 20 steps of the one loop that denoises both samples:
        // a step moves both samples' thirds by a twentieth (1/30 apart, so none is held back)
        assertThat(written).hasSize(1 + 20);
        assertThat(written.get(0)).isCloseTo(1.0 / 3, within(1e-9));
        for (int d = 1; d <= 20; d++) {
            assertThat(written.get(d)).as("step %d", d).isCloseTo((1 + 2 * d / 20.0) / 3, within(1e-9));
        }
        for (int i = 1; i < written.size(); i++) {
            assertThat(written.get(i)).as("write %d", i).isGreaterThan(written.get(i - 1));
        }
        assertThat(written.get(written.size() - 1)).isEqualTo(1.0);
    }

    /** What the worker wrote as the job's progress, in order, before the job was marked finished. */
    private static List<Double> progressWrittenWhileRunning(String id) {
        return server.database.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT progress FROM progress_log WHERE job = ? AND status = 'running' ORDER BY seq")) {
                q.setString(1, id);
                List<Double> out = new ArrayList<>();
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        out.add(rows.getDouble(1));
                    }
                }
                return out;
            }
        });
    }
}
