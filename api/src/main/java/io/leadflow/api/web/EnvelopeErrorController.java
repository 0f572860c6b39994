package io.leadflow.api.web;

import io.leadflow.contracts.error.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page of the servlet container ({@code /error}), in the envelope: failures that never reached a controller
 * (a filter's exception, a container's {@code sendError}) answer like every other failure, with no stack trace. Only
 * error dispatches reach it; a request for {@code /error} itself is denied by the security chain.
 */
@RestController
class EnvelopeErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? i : 500;
        ErrorCode error = switch (code) {
            case 400 -> ErrorCode.VALIDATION_FAILED;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> code >= 400 && code < 500 ? ErrorCode.VALIDATION_FAILED : ErrorCode.INTERNAL;
        };
        String message = code >= 500
                ? "an internal error occurred" : "the request could not be handled (HTTP " + code + ")";
        return ResponseEntity.status(code >= 400 && code < 600 ? code : 500).body(ApiError.of(error, message));
    }
}
