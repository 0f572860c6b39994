package io.leadflow.api.client;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadflow.api.web.ApiResponse;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of tenants: provisioning, key rotation, provider secrets, CORS and callback origins.
 *
 * <p>The security chain lets only admin tokens reach {@code /api/clients/**}. The class-level {@code @PreAuthorize}
 * checks it again on every handler, bound to this class rather than to a path, so a routing change can never open
 * these handlers to anyone else.
 */
@Tag(name = "Tenants (admin)", description = "Provisioning tenants, keys, provider credentials and origins (admin JWT)")
@RestController
@RequestMapping("/api/clients")
@PreAuthorize("hasRole('ADMIN')")
class ClientController {

    private final ClientProvisioning provisioning;

    ClientController(ClientProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiResponse<ClientProvisioning.Credentials> create(@Valid @RequestBody CreateClientRequest request) {
        return ApiResponse.ok(provisioning.create(request),
                "store the secretKey, publishableKey and webhookSecret now: they are shown only once");
    }

    @GetMapping
    ApiResponse<List<ClientProvisioning.ClientView>> list() {
        return ApiResponse.ok(provisioning.list());
    }

    @GetMapping("/{clientCode}")
    ApiResponse<ClientProvisioning.ClientView> get(@PathVariable String clientCode) {
        return ApiResponse.ok(provisioning.view(clientCode));
    }

    @PatchMapping("/{clientCode}")
    ApiResponse<ClientProvisioning.ClientView> update(@PathVariable String clientCode,
                                                             @Valid @RequestBody UpdateClientRequest request) {
        return ApiResponse.ok(provisioning.update(clientCode, request));
    }

    /** The secret key, under its historic name; answers {@code apiKey} and {@code secretKey} (the same key). */
    @PostMapping("/{clientCode}/api-key/rotate")
    ApiResponse<Map<String, String>> rotateApiKey(@PathVariable String clientCode) {
        String key = provisioning.rotateSecretKey(clientCode);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("clientCode", clientCode);
        body.put("apiKey", key);
        body.put("secretKey", key);
        return ApiResponse.ok(body, "the previous secret key stops working now; this key is shown only once");
    }

    @PostMapping("/{clientCode}/secret-key/rotate")
    ApiResponse<Map<String, String>> rotateSecretKey(@PathVariable String clientCode) {
        return ApiResponse.ok(Map.of("clientCode", clientCode, "secretKey", provisioning.rotateSecretKey(clientCode)),
                "the previous secret key stops working now; this key is shown only once");
    }

    @PostMapping("/{clientCode}/publishable-key/rotate")
    ApiResponse<Map<String, String>> rotatePublishableKey(@PathVariable String clientCode) {
        return ApiResponse.ok(Map.of("clientCode", clientCode,
                        "publishableKey", provisioning.rotatePublishableKey(clientCode)),
                "the previous publishable key stops working now; this key is shown only once");
    }

    @PostMapping("/{clientCode}/webhook-secret/rotate")
    ApiResponse<Map<String, String>> rotateWebhookSecret(@PathVariable String clientCode) {
        return ApiResponse.ok(Map.of("clientCode", clientCode,
                "webhookSecret", provisioning.rotateWebhookSecret(clientCode)), "shown only once");
    }

    @PutMapping("/{clientCode}/secrets/{provider}")
    ApiResponse<ClientProvisioning.ClientView> putSecret(@PathVariable String clientCode,
                                                                @PathVariable String provider,
                                                                @RequestBody Map<String, Object> credentials) {
        return ApiResponse.ok(provisioning.putProviderSecret(clientCode, provider, credentials));
    }

    @DeleteMapping("/{clientCode}/secrets/{provider}")
    ApiResponse<ClientProvisioning.ClientView> deleteSecret(@PathVariable String clientCode,
                                                                   @PathVariable String provider) {
        return ApiResponse.ok(provisioning.putProviderSecret(clientCode, provider, null));
    }

    @PutMapping("/{clientCode}/cors-origins")
    ApiResponse<ClientProvisioning.ClientView> corsOrigins(@PathVariable String clientCode,
                                                                  @Valid @RequestBody OriginsRequest request) {
        return ApiResponse.ok(provisioning.replaceCorsOrigins(clientCode, request.origins()));
    }

    /** Where this tenant's trigger callbacks may go (a trigger's callbackUrl must have one of these origins). */
    @PutMapping("/{clientCode}/callback-origins")
    ApiResponse<ClientProvisioning.ClientView> callbackOrigins(@PathVariable String clientCode,
                                                                      @Valid @RequestBody OriginsRequest request) {
        return ApiResponse.ok(provisioning.replaceCallbackOrigins(clientCode, request.origins()));
    }
}
