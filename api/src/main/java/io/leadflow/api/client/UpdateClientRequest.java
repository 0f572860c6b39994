package io.leadflow.api.client;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PATCH /api/clients/{clientCode}}; absent fields stay as they are.
 *
 * @param whatsappMessagesPerSecond the tenant's WhatsApp send rate (its Meta messaging tier)
 */
record UpdateClientRequest(
        @Size(min = 1, max = 200) String name,
        Boolean sandbox,
        @Size(max = 64) String timezone,
        @Pattern(regexp = "active|suspended", message = "must be active or suspended") String status,
        @Min(1) @Max(1000) Integer whatsappMessagesPerSecond) {
}
