package io.leadflow.api.client;

import io.leadflow.api.web.ApiResponse;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
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

/** The admin API of tenants: provisioning, key rotation, provider secrets and CORS origins. */
@RestController
@RequestMapping("/api/clients")
class ClientController {

    private final ClientProvisioning provisioning;

    ClientController(ClientProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiResponse<ClientProvisioning.Credentials> create(@Valid @RequestBody CreateClientRequest request) {
        return ApiResponse.ok(provisioning.create(request),
                "store the apiKey and webhookSecret now: they are shown only once");
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

    @PostMapping("/{clientCode}/api-key/rotate")
    ApiResponse<Map<String, String>> rotateApiKey(@PathVariable String clientCode) {
        return ApiResponse.ok(Map.of("clientCode", clientCode, "apiKey", provisioning.rotateApiKey(clientCode)),
                "the previous key stops working now; this key is shown only once");
    }

    @PostMapping("/{clientCode}/webhook-secret/rotate")
    ApiResponse<Map<String, String>> rotateWebhookSecret(@PathVariable String clientCode) {
        return ApiResponse.ok(Map.of("clientCode", clientCode,
                "webhookSecret", provisioning.rotateWebhookSecret(clientCode)), "shown only once");
    }

    @PutMapping("/{clientCode}/secrets/{provider}")
    ApiResponse<ClientProvisioning.ClientView> putSecret(@PathVariable String clientCode, @PathVariable String provider,
                                                         @RequestBody Map<String, Object> credentials) {
        return ApiResponse.ok(provisioning.putProviderSecret(clientCode, provider, credentials));
    }

    @DeleteMapping("/{clientCode}/secrets/{provider}")
    ApiResponse<ClientProvisioning.ClientView> deleteSecret(@PathVariable String clientCode, @PathVariable String provider) {
        return ApiResponse.ok(provisioning.putProviderSecret(clientCode, provider, null));
    }

    @PutMapping("/{clientCode}/cors-origins")
    ApiResponse<ClientProvisioning.ClientView> corsOrigins(@PathVariable String clientCode,
                                                           @Valid @RequestBody CorsOriginsRequest request) {
        return ApiResponse.ok(provisioning.replaceCorsOrigins(clientCode, request.origins()));
    }
}
