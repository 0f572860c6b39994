package io.leadflow.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadflow.contracts.error.ErrorCode;
import java.util.Map;

/**
 * The error envelope: {@code { "success": false, "error": { "code", "message" } }}, with optional
 * {@code details} (the eventLogId of an accepted event, say).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(boolean success, Body error) {

    /** The error itself; {@code code} is stable, {@code message} is for people. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String code, String message, Map<String, Object> details) {
    }

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(false, new Body(code.name(), message, null));
    }

    public static ApiError of(ErrorCode code, String message, Map<String, Object> details) {
        return new ApiError(false, new Body(code.name(), message, details));
    }
}
