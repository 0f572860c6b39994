package io.leadflow.api.outbox;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadflow.api.web.ApiResponse;
import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.outbox.Outbox;
import io.leadflow.shared.tenant.TenantScope;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A sandbox tenant's outbox: the WhatsApp messages and e-mails that would have gone out, newest first. Live tenants
 * see an empty list.
 */
@Tag(name = "Outbox", description = "What a sandbox tenant would have sent")
@RestController
@RequestMapping("/api/saas/outbox")
class OutboxController {

    private static final Set<String> CHANNELS = Set.of(Channels.WHATSAPP, Channels.EMAIL, Channels.MEET);

    @GetMapping
    ApiResponse<List<OutboxEntry>> list(TenantScope tenant,
                                        @RequestParam(required = false) String channel,
                                        @RequestParam(required = false) String leadId,
                                        @RequestParam(defaultValue = "50") int limit,
                                        @RequestParam(defaultValue = "1") int page) {
        if (channel != null && !channel.isBlank() && !CHANNELS.contains(channel)) {
            throw LeadflowException.invalid("channel", "must be one of " + CHANNELS.stream().sorted().toList());
        }
        if (limit < 1 || limit > Outbox.MAX_LIMIT) {
            throw LeadflowException.invalid("limit", "must be between 1 and " + Outbox.MAX_LIMIT);
        }
        if (page < 1) {
            throw LeadflowException.invalid("page", "must be 1 or more");
        }
        return ApiResponse.ok(Outbox.list(tenant, channel, leadId, limit, page).stream().map(OutboxEntry::of).toList());
    }
}
