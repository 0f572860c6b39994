package io.leadflow.shared.broadcast;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One lead of a broadcast's audience. Its ID is {@code <broadcastId>:<leadId>}, so writing the audience down twice
 * writes each lead once; its status only moves forward.
 *
 * @param status {@code pending}, {@code sent}, {@code delivered}, {@code read}, {@code failed} or {@code skipped}
 * @param code why it failed or was skipped ({@code OPTED_OUT}, {@code LEAD_HAS_NO_PHONE}, {@code PROVIDER_PERMANENT})
 * @param providerMessageId the WhatsApp message id once sent
 */
@Document("broadcast_recipients")
public record BroadcastRecipient(
        @Id String id,
        String clientCode,
        String broadcastId,
        String leadId,
        String status,
        String code,
        String providerMessageId,
        Instant updatedAt) implements TenantOwned {

    public static final String PENDING = "pending";
    public static final String SKIPPED = "skipped";

    public static String id(String broadcastId, String leadId) {
        return broadcastId + ":" + leadId;
    }
}
