package io.leadflow.shared.error;

import io.leadflow.contracts.error.ErrorCode;

/**
 * A business failure with a stable {@link ErrorCode}; its message is safe to show to API clients.
 */
public class LeadflowException extends RuntimeException {

    private final ErrorCode code;
    private java.util.Map<String, Object> details = java.util.Map.of();

    public LeadflowException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public LeadflowException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra fields for the error envelope (the eventLogId of an event that was kept, say). */
    public java.util.Map<String, Object> details() {
        return details;
    }

    public LeadflowException withDetails(java.util.Map<String, Object> details) {
        this.details = java.util.Map.copyOf(details);
        return this;
    }

    public static LeadflowException notFound(ErrorCode code, String what, String id) {
        return new LeadflowException(code, what + " '" + id + "' not found");
    }

    public static LeadflowException invalid(String field, String problem) {
        return new FieldValidationException(field, problem);
    }
}
