package io.leadflow.api.web;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.error.StoreFailures;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every failure to the error envelope with a stable code. Messages of unknown exceptions never reach
 * clients; they are logged once with the tenant in the MDC.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(LeadflowException.class)
    ResponseEntity<ApiError> leadflow(LeadflowException e) {
        if (e.code().httpStatus() >= 500) {
            log.warn("request failed: {} {}", e.code(), e.getMessage());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.code().httpStatus());
        if (e.code().httpStatus() == 503) {
            answer.header("Retry-After", "5");  // the engine or the database is down: worth retrying shortly
        }
        return answer.body(ApiError.of(e.code(), e.getMessage(), e.details().isEmpty() ? null : e.details()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
        String message = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(ErrorCode.VALIDATION_FAILED, message.isEmpty() ? "request is invalid" : message);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ApiError> invalidParameters(HandlerMethodValidationException e) {
        String message = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage()))
                .collect(Collectors.joining("; "));
        return respond(ErrorCode.VALIDATION_FAILED, message.isEmpty() ? "request is invalid" : message);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        if (org.springframework.core.NestedExceptionUtils.getRootCause(e) instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
            return respond(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
        }
        return respond(ErrorCode.MALFORMED_JSON, JsonProblems.describe(e));
    }

    @ExceptionHandler({MissingRequestHeaderException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ApiError> missing(Exception e) {
        String name = e instanceof MissingRequestHeaderException h ? "header " + h.getHeaderName()
                : "parameter " + ((MissingServletRequestParameterException) e).getParameterName();
        return respond(ErrorCode.VALIDATION_FAILED, name + " is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e) {
        return respond(ErrorCode.VALIDATION_FAILED, e.getName() + ": has the wrong type");
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ApiError> noRoute(Exception e) {
        return respond(ErrorCode.NOT_FOUND, "no such route");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return respond(ErrorCode.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not allowed here");
    }

    @ExceptionHandler({HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class})
    ResponseEntity<ApiError> mediaType(Exception e) {
        return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send and accept application/json");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiError> tooLarge(MaxUploadSizeExceededException e) {
        return respond(ErrorCode.PAYLOAD_TOO_LARGE, "request body is too large");
    }

    /** Method security refused (a second check behind the chain, as on the admin API). */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ApiError> denied(AccessDeniedException e) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        boolean anonymous = caller == null || caller instanceof AnonymousAuthenticationToken
                || !caller.isAuthenticated();
        return anonymous ? respond(ErrorCode.UNAUTHORIZED, "authentication is required")
                : respond(ErrorCode.FORBIDDEN, "this credential may not call this route");
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ApiError> unauthenticated(AuthenticationException e) {
        return respond(ErrorCode.UNAUTHORIZED, "authentication is required");
    }

    /**
     * Everything else. A store that can't be reached is 503 {@code DATABASE_UNAVAILABLE} with {@code Retry-After}
     * (a retry with the same idempotency key is safe); a client that went away gets nothing (there is no one to
     * answer); anything else is a 500 whose details stay in the log.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        if (StoreFailures.unavailable(e)) {
            log.warn("request failed: the database is unavailable ({})", e.getMessage());
            return ResponseEntity.status(ErrorCode.DATABASE_UNAVAILABLE.httpStatus()).header("Retry-After", "5")
                    .body(ApiError.of(ErrorCode.DATABASE_UNAVAILABLE, "the database is unavailable; retry shortly"));
        }
        if (clientGone(e)) {
            log.debug("the client went away before its answer: {}", e.getMessage());
            return null;
        }
        log.error("unexpected failure", e);
        return respond(ErrorCode.INTERNAL, "an internal error occurred");
    }

    /** The answer could not be written because the client closed the connection (a broken pipe, a reset). */
    static boolean clientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AsyncRequestNotUsableException
                    || "org.apache.catalina.connector.ClientAbortException".equals(t.getClass().getName())) {
                return true;
            }
        }
        return false;
    }

    static ResponseEntity<ApiError> respond(ErrorCode code, String message) {
        return ResponseEntity.status(code.httpStatus()).body(ApiError.of(code, message));
    }
}
