package io.leadflow.api.whatsapp;

import io.leadflow.api.web.ApiResponse;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.whatsapp.InboundWebhook;
import io.leadflow.shared.whatsapp.InboundWebhooks;
import io.leadflow.shared.whatsapp.WebhookSignatures;
import io.leadflow.shared.whatsapp.WhatsAppNumbers;
import io.leadflow.shared.whatsapp.WhatsAppPayload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of WhatsApp deliveries for numbers no tenant owned when they came: kept, never dropped, and routed
 * once the number's tenant is configured. Routing checks the stored signature again with the new owner's app secret,
 * so an unverified delivery is only ever processed once it is proven to come from Meta. Admin only (the chain and
 * {@code @PreAuthorize} here).
 */
@RestController
@RequestMapping("/api/admin/whatsapp/unrouted")
@PreAuthorize("hasRole('ADMIN')")
class UnroutedWebhookController {

    private final InboundWebhooks webhooks;
    private final WhatsAppNumbers numbers;
    private final WebhookIntake intake;

    UnroutedWebhookController(InboundWebhooks webhooks, WhatsAppNumbers numbers, WebhookIntake intake) {
        this.webhooks = webhooks;
        this.numbers = numbers;
        this.intake = intake;
    }

    @GetMapping
    ApiResponse<List<Map<String, Object>>> list(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 200) {
            throw LeadflowException.invalid("limit", "must be between 1 and 200");
        }
        return ApiResponse.ok(webhooks.unrouted(limit).stream().map(UnroutedWebhookController::view).toList());
    }

    /** Routes the parts of a kept delivery whose numbers now have a tenant; answers what is still unknown. */
    @PostMapping("/{id}/route")
    ApiResponse<Map<String, Object>> route(@PathVariable String id) {
        InboundWebhook webhook = webhooks.find(id).filter(w -> w.unknownNumbers() != null && !w.unknownNumbers().isEmpty())
                .orElseThrow(() -> LeadflowException.notFound(ErrorCode.NOT_FOUND, "unrouted delivery", id));
        byte[] body = webhook.body().getBytes(StandardCharsets.UTF_8);
        WhatsAppPayload payload = WhatsAppPayload.parse(body);
        Map<String, WhatsAppNumbers.Owner> owners = new LinkedHashMap<>();
        List<String> stillUnknown = new ArrayList<>();
        for (String number : webhook.unknownNumbers()) {
            Optional<WhatsAppNumbers.Owner> owner = numbers.owner(number);
            if (owner.isPresent() && (webhook.verified()
                    || WebhookSignatures.verify(body, webhook.signature(), owner.get().appSecret()))) {
                owners.put(number, owner.get());
            } else {
                stillUnknown.add(number);
            }
        }
        List<InboundWebhook.Route> added = WebhookIntake.routes(payload, owners);
        if (!added.isEmpty()) {
            webhooks.routed(id, added, stillUnknown);
            webhooks.find(id).ifPresent(intake::dispatchWithin);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("routedTo", added.stream().map(InboundWebhook.Route::clientCode).toList());
        answer.put("stillUnknown", stillUnknown);
        return ApiResponse.ok(answer);
    }

    private static Map<String, Object> view(InboundWebhook webhook) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", webhook.id());
        view.put("receivedAt", webhook.receivedAt());
        view.put("unknownNumbers", webhook.unknownNumbers());
        view.put("phoneNumberIds", webhook.phoneNumberIds());
        view.put("verified", webhook.verified());
        view.put("status", webhook.status());
        view.put("routedTo", webhook.routes().stream().map(InboundWebhook.Route::clientCode).toList());
        view.put("body", webhook.body());
        return view;
    }
}
