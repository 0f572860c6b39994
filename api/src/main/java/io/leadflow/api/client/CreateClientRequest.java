package io.leadflow.api.client;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/clients}.
 *
 * @param sandbox send WhatsApp and email to the tenant's sandbox outbox instead of providers
 * @param timezone the tenant's IANA time zone (send windows, local-time waits); absent: the platform's
 *     {@code leadflow.engine.default-timezone}
 * @param whatsappMessagesPerSecond the tenant's WhatsApp send rate (its Meta messaging tier); default the platform's
 */
record CreateClientRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{1,39}",
                message = "must be 2-40 characters of a-z, 0-9, '_' or '-', starting with a letter or digit")
        String clientCode,
        @NotBlank @Size(max = 200) String name,
        @Valid DataSourceRequest dataSource,
        Boolean sandbox,
        @Size(max = 64) String timezone,
        @Min(1) @Max(1000) Integer whatsappMessagesPerSecond) {

    /** Where the tenant's database lives; both fields optional. */
    record DataSourceRequest(@Size(max = 2000) String uri, @Pattern(regexp = "[A-Za-z0-9_-]{1,63}") String database) {
    }
}
