package io.leadflow.api.security;

import io.leadflow.api.web.ErrorWriter;
import io.leadflow.contracts.error.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/** The 429 answer shared by the limiters. */
final class RateLimits {

    private RateLimits() {
    }

    static void reject(HttpServletResponse response, ErrorWriter errors, Duration wait) throws IOException {
        long seconds = Math.max(1, (long) Math.ceil(wait.toMillis() / 1000.0));
        response.setHeader("Retry-After", Long.toString(seconds));
        errors.write(response, ErrorCode.RATE_LIMITED, "too many requests; retry after " + seconds + " s");
    }
}
