package dev.backdrop.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String code, String field, String requestId) {
}
