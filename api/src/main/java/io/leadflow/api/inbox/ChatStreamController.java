package io.leadflow.api.inbox;

import io.leadflow.api.security.StreamTokens;
import io.leadflow.api.web.ApiResponse;
import io.leadflow.api.web.ErrorWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.tenant.TenantScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live inbox: a Server-Sent Events stream per tenant ({@code message.created}, {@code message.status},
 * {@code conversation.read}), resumable with {@code Last-Event-ID}. Servers connect with the secret key; a browser's
 * {@code EventSource} with a short-lived token ({@code ?token=}) its server asked for.
 */
@RestController
@RequestMapping("/api/saas/chat")
class ChatStreamController {

    private final ChatStreamHub hub;
    private final StreamTokens tokens;
    private final ErrorWriter errors;

    ChatStreamController(ChatStreamHub hub, StreamTokens tokens, ErrorWriter errors) {
        this.hub = hub;
        this.tokens = tokens;
        this.errors = errors;
    }

    /**
     * Opens the stream. {@code Last-Event-ID} (or {@code lastEventId}, for a new {@code EventSource} that can't set
     * headers) resumes right after that event.
     */
    @GetMapping("/stream")
    SseEmitter stream(TenantScope tenant, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventHeader,
                      @RequestParam(name = "lastEventId", required = false) String lastEventParam,
                      HttpServletResponse response) throws IOException {
        try {
            return hub.open(tenant.clientCode(), lastEventId(lastEventHeader != null ? lastEventHeader : lastEventParam));
        } catch (LeadflowException refused) {
            // Written here, in the envelope: the client asked for an event stream, so content negotiation would
            // refuse a JSON error.
            errors.write(response, refused.code(), refused.getMessage());
            return null;
        }
    }

    private static Long lastEventId(String last) {
        Long lastEventId = null;
        if (last != null && !last.isBlank()) {
            try {
                lastEventId = Long.parseLong(last.trim());
            } catch (NumberFormatException notAnId) {
                throw LeadflowException.invalid("Last-Event-ID", "must be an event id from this stream");
            }
            if (lastEventId < 0) {
                throw LeadflowException.invalid("Last-Event-ID", "must be an event id from this stream");
            }
        }
        return lastEventId;
    }

    /** A token for a browser's stream (this route needs the secret key; the token opens the stream only). */
    @PostMapping("/stream-token")
    ApiResponse<Map<String, Object>> token(TenantScope tenant) {
        StreamTokens.Issued issued = tokens.issue(tenant.clientCode());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", issued.token());
        answer.put("expiresAt", issued.expiresAt());
        answer.put("url", "/api/saas/chat/stream?token=" + issued.token());
        return ApiResponse.ok(answer, "connect within its lifetime; an open stream outlives the token");
    }
}
