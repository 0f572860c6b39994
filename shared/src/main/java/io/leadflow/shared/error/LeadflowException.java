package io.leadflow.shared.error;

/**
 * A business failure with a stable {@link ErrorCode}; its message is safe to show to API clients.
 */
public class LeadflowException extends RuntimeException {

    private final ErrorCode code;

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

    public static LeadflowException notFound(ErrorCode code, String what, String id) {
        return new LeadflowException(code, what + " '" + id + "' not found");
    }

    public static LeadflowException invalid(String field, String problem) {
        return new FieldValidationException(field, problem);
    }
}
