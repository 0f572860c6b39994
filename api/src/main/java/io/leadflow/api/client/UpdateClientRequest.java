package io.leadflow.api.client;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code PATCH /api/clients/{clientCode}}; absent fields stay as they are. */
record UpdateClientRequest(
        @Size(min = 1, max = 200) String name,
        Boolean sandbox,
        @Size(max = 64) String timezone,
        @Pattern(regexp = "active|suspended", message = "must be active or suspended") String status) {
}
