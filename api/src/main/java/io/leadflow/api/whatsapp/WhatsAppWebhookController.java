package io.leadflow.api.whatsapp;

import io.leadflow.api.web.ApiResponse;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.config.MessagingProperties;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.whatsapp.WebhookSignatures;
import io.leadflow.shared.whatsapp.WhatsAppNumbers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one platform endpoint Meta calls for every tenant's WhatsApp numbers (docs/INBOUND.md). Public in the security
 * chain: it authenticates by Meta's signature (deliveries) or verify token (the subscription handshake).
 */
@RestController
@RequestMapping("/api/saas/whatsapp/webhook")
class WhatsAppWebhookController {

    /** Meta's challenge is a number; anything else is not echoed. */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final WebhookIntake intake;
    private final WhatsAppNumbers numbers;
    private final MessagingProperties.WhatsApp settings;

    WhatsAppWebhookController(WebhookIntake intake, WhatsAppNumbers numbers, MessagingProperties messaging) {
        this.intake = intake;
        this.numbers = numbers;
        this.settings = messaging.whatsapp();
    }

    /** Meta's subscription handshake: the challenge back, as plain text, when the verify token is one we issued. */
    @GetMapping
    ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
                                  @RequestParam(name = "hub.verify_token", required = false) String token,
                                  @RequestParam(name = "hub.challenge", required = false) String challenge) {
        if (!"subscribe".equals(mode) || token == null || !(platformToken(token) || numbers.verifyTokenKnown(token))) {
            throw new LeadflowException(ErrorCode.FORBIDDEN, "the verify token does not match");
        }
        if (challenge == null || !CHALLENGE.matcher(challenge).matches()) {
            throw LeadflowException.invalid("hub.challenge", "must be 1-128 characters of letters, digits, '_', '.' or '-'");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).header("X-Content-Type-Options", "nosniff")
                .body(challenge);
    }

    /** A delivery: 200 once it is stored (its processing goes on in a workflow), 401 for a bad signature. */
    @PostMapping
    ApiResponse<Map<String, Object>> receive(
            @RequestHeader(name = WebhookSignatures.HEADER, required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        if (body == null || body.length == 0) {
            throw LeadflowException.invalid("body", "is required");
        }
        WebhookIntake.Received received = intake.receive(body, signature);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("webhookId", received.webhookId());
        answer.put("status", received.status());
        answer.put("duplicate", received.duplicate());
        return ApiResponse.ok(answer);
    }

    private boolean platformToken(String token) {
        return !settings.verifyToken().isBlank() && MessageDigest.isEqual(
                settings.verifyToken().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}
