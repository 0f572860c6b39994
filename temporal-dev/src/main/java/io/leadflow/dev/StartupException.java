package io.leadflow.dev;

/** The stack could not come up; the message says what to look at, the launcher exits non-zero. */
final class StartupException extends RuntimeException {

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
