package io.leadflow.shared.error;

import io.leadflow.contracts.error.ErrorCode;

/** Bad input on a named field; the API answers 400 with the field in the message. */
public class FieldValidationException extends LeadflowException {

    private final String field;

    public FieldValidationException(String field, String problem) {
        super(ErrorCode.VALIDATION_FAILED, field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
