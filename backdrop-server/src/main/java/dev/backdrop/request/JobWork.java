package dev.backdrop.request;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The work a queued job carries: the validated request itself, stored as JSON for a worker that
 * may run in another process. Its images are URLs or stored keys, never inline bytes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = ReplaceOrder.class, name = "replace"),
        @JsonSubTypes.Type(value = CutoutOrder.class, name = "cutout")})
public sealed interface JobWork permits ReplaceOrder, CutoutOrder {

    /** The job kind as the API names it. */
    String kind();
}
