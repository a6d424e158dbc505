package dev.backdrop.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The server's OpenAPI description, used to check real responses: the status must be listed for
 * the operation, the content type declared, a JSON body valid against the declared schema, and
 * the declared Backdrop headers present.
 */
final class OpenApiContract {

    private static final Set<String> CHECKED_HEADERS = Set.of("x-remaining-credits", "x-seed", "x-ignored-parameters",
            "retry-after", "allow", "x-request-id");

    final JsonNode spec;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    OpenApiContract() throws Exception {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/dev/backdrop/api/openapi.yaml")) {
            spec = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    /** Fails unless {@code response} to {@code method path} is one the description allows. */
    void check(String method, String path, HttpResponse<byte[]> response) throws Exception {
        JsonNode operation = spec.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isMissingNode()).as("%s %s is described", method, path).isFalse();
        JsonNode described = resolve(operation.path("responses").path(String.valueOf(response.statusCode())));
        assertThat(described.isMissingNode()).as("%s %s lists status %d", method, path, response.statusCode()).isFalse();

        for (Iterator<String> names = described.path("headers").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (CHECKED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                assertThat(response.headers().firstValue(name)).as("%s %s %d header %s", method, path,
                        response.statusCode(), name).isPresent();
            }
        }
        if (!described.has("content")) {
            return;
        }
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        JsonNode media = described.path("content").path(type);
        if (media.isMissingNode()) {
            media = described.path("content").path(type.substring(0, type.indexOf('/') + 1) + "*");
        }
        assertThat(media.isMissingNode()).as("%s %s %d declares %s", method, path, response.statusCode(), type).isFalse();
        if (type.equals("application/json")) {
            JsonNode body = RunningServer.JSON.readTree(response.body());
            Set<ValidationMessage> errors = validator(media.path("schema")).validate(body);
            assertThat(errors).as("%s %s %d body %s", method, path, response.statusCode(), body).isEmpty();
        }
    }

    /** What is wrong with {@code json} for the component schema {@code name}. */
    Set<ValidationMessage> errors(String name, String json) throws Exception {
        JsonNode schema = RunningServer.JSON.createObjectNode().put("$ref", "#/components/schemas/" + name);
        return validator(schema).validate(RunningServer.JSON.readTree(json));
    }

    /** A validator for a schema of the description, with the description's components in reach of its $refs. */
    private JsonSchema validator(JsonNode schema) {
        ObjectNode root = RunningServer.JSON.createObjectNode();
        root.set("components", spec.get("components"));
        schema.fields().forEachRemaining(e -> root.set(e.getKey(), e.getValue()));
        return schemas.getSchema(root);
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            node = spec.at(ref.substring(1));
        }
        return node;
    }

}
