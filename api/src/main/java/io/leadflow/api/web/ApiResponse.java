package io.leadflow.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The success envelope of every route: {@code { "success": true, "data": ..., "message": ... }}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(boolean success, T data, String message) {

    public static <T> ApiResponse<T> ok(T data) {
        return new ApiResponse<>(true, data, null);
    }

    public static <T> ApiResponse<T> ok(T data, String message) {
        return new ApiResponse<>(true, data, message);
    }
}
