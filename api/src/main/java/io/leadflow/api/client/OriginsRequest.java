package io.leadflow.api.client;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code PUT /api/clients/{clientCode}/cors-origins} and {@code .../callback-origins}: the full list of
 * origins (scheme, host, optional port; no path), replacing the previous one.
 */
record OriginsRequest(
        @NotNull @Size(max = 50) List<@NotNull @Pattern(regexp = "https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?",
                message = "must be an origin like https://shop.example.com") String> origins) {
}
