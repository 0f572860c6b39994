package io.leadflow.api.web;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Turns an unreadable body into a message that names the field, without echoing parser internals. */
final class JsonProblems {

    private JsonProblems() {
    }

    static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof StreamReadException) {
            return "request body is not valid JSON";
        }
        if (cause instanceof JacksonException jackson) {
            String path = jackson.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse(null);
            if (cause instanceof MismatchedInputException && path != null) {
                return path + ": has the wrong type";
            }
            if (path != null) {
                return path + ": is invalid";
            }
        }
        if (cause != null && cause.getMessage() != null && cause.getMessage().contains("Required request body is missing")) {
            return "request body is required";
        }
        return e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "request body is required" : "request body is not valid JSON";
    }
}
