package dev.backdrop.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job as its owner sees it: the body of {@code GET /v1/jobs/{id}} and of the webhook call, so
 * the two can never disagree.
 */
public final class JobView {

    private final ObjectMapper json;

    public JobView(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode render(Job job) {
        ObjectNode out = json.createObjectNode();
        out.put("id", job.id());
        out.put("kind", job.kind());
        out.put("status", job.status().wireName());
        out.put("progress", job.status() == JobStatus.SUCCEEDED ? 1.0 : job.progress());
        out.put("created_at", job.createdAt().toString());
        out.put("updated_at", (job.updatedAt() != null ? job.updatedAt() : job.createdAt()).toString());
        out.set("results", results(job));
        if (job.status() == JobStatus.FAILED) {
            ObjectNode error = out.putObject("error");
            error.put("error", job.errorMessage());
            error.put("code", job.errorCode());
        } else {
            out.putNull("error");
        }
        return out;
    }

    public byte[] bytes(Job job) {
        try {
            return json.writeValueAsBytes(render(job));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a job could not be written as JSON", e);
        }
    }

    private JsonNode results(Job job) {
        if (job.result() == null) {
            return json.createArrayNode();
        }
        try {
            return json.readTree(job.result());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("job " + job.id() + " has unreadable results", e);
        }
    }
}
