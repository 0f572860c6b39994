package io.leadflow.activities.meet;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import com.google.auth.Retryable;
import io.leadflow.activities.channel.ProviderFailures;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Set;

/**
 * Sorts Google Calendar and OAuth failures into permanent and transient ones. Rate and quota limits come as 403 with
 * a reason, so the reason decides before the status does.
 */
final class GoogleFailures {

    private static final Set<String> RATE_REASONS = Set.of("rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded");

    private GoogleFailures() {
    }

    static ApplicationFailure classify(IOException failure) {
        if (failure instanceof HttpResponseException response) {
            return classify(response);
        }
        // google-auth reports token endpoint answers as retryable (5xx, 429) or not (invalid_grant, bad key).
        if (failure instanceof Retryable retryable) {
            return retryable.isRetryable()
                    ? ProviderFailures.transientFailure("Google token endpoint unavailable")
                    : ProviderFailures.permanent("Google rejected the credentials: " + firstLine(failure.getMessage()));
        }
        if (failure instanceof InterruptedIOException) {
            return ProviderFailures.transientFailure("Google Calendar did not answer in time");
        }
        return ProviderFailures.transientFailure("Google Calendar could not be reached: "
                + failure.getClass().getSimpleName());
    }

    private static ApplicationFailure classify(HttpResponseException response) {
        int status = response.getStatusCode();
        String reason = reason(response);
        String description = "HTTP " + status + (reason == null ? "" : " " + reason)
                + (message(response) == null ? "" : ", " + message(response));
        if (status == 429 || status >= 500 || (status == 403 && reason != null && RATE_REASONS.contains(reason))) {
            return ProviderFailures.transientFailure("Google Calendar unavailable or rate limited: " + description);
        }
        if (status == 401) {
            return ProviderFailures.permanent("Google rejected the credentials: " + description);
        }
        if (status == 403) {
            return ProviderFailures.permanent("Google Calendar refused access: " + description);
        }
        if (status == 404) {
            return ProviderFailures.permanent("Google calendar not found: " + description);
        }
        if (status == 408) {
            return ProviderFailures.transientFailure("Google Calendar timed out: " + description);
        }
        return ProviderFailures.permanent("Google Calendar rejected the event: " + description);
    }

    private static String reason(HttpResponseException response) {
        if (response instanceof GoogleJsonResponseException json && json.getDetails() != null) {
            List<GoogleJsonError.ErrorInfo> errors = json.getDetails().getErrors();
            if (errors != null && !errors.isEmpty()) {
                return errors.get(0).getReason();
            }
        }
        return null;
    }

    private static String message(HttpResponseException response) {
        if (response instanceof GoogleJsonResponseException json && json.getDetails() != null) {
            return json.getDetails().getMessage();
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
