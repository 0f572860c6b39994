package io.leadflow.api.client;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/** Body of {@code PUT /api/clients/{clientCode}/cors-origins}: the full list, replacing the previous one. */
record CorsOriginsRequest(
        @NotNull List<@Pattern(regexp = "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?",
                message = "must be an origin like https://shop.example.com") String> origins) {
}
