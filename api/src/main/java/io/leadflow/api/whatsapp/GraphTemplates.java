package io.leadflow.api.whatsapp;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.whatsapp.WhatsAppTemplates;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a tenant's message templates from the Graph API: {@code GET /{version}/{wabaId}/message_templates}, page by
 * page (Meta's {@code after} cursor; at most {@link #MAX_PAGES} pages of 100), with the tenant's own access token. The
 * base URL is the platform's ({@code leadflow.channels.whatsapp-base-url}); pagination builds its own URLs rather than
 * following the {@code next} link a response names.
 */
@Component
class GraphTemplates {

    static final int MAX_PAGES = 50;
    private static final String FIELDS = "name,language,status,category,components,id";

    private final ClientDirectory clients;
    private final String baseUrl;
    private final String version;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.shared();

    GraphTemplates(ClientDirectory clients, LeadflowProperties properties) {
        this.clients = clients;
        String base = properties.channels().whatsappBaseUrl();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.version = properties.channels().whatsappApiVersion();
    }

    /**
     * Every template of the tenant's business account.
     *
     * @throws LeadflowException {@code PROVIDER_NOT_CONFIGURED} without {@code wabaId} and {@code accessToken};
     *     {@code PROVIDER_PERMANENT} when Meta refuses; {@code PROVIDER_TRANSIENT} when it can't be reached
     */
    List<WhatsAppTemplates.Synced> fetch(String clientCode) {
        JsonNode credentials = clients.providerCredentials(clientCode, "whatsapp").map(json::readTree).orElse(null);
        String wabaId = credentials == null ? null : text(credentials.path("wabaId"));
        String token = credentials == null ? null : text(credentials.path("accessToken"));
        if (wabaId == null || token == null) {
            throw new LeadflowException(ErrorCode.PROVIDER_NOT_CONFIGURED,
                    "template sync needs the tenant's whatsapp credentials with wabaId and accessToken");
        }
        List<WhatsAppTemplates.Synced> templates = new ArrayList<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode answer = get(wabaId, token, after);
            for (JsonNode template : answer.path("data")) {
                String name = text(template.path("name"));
                String language = text(template.path("language"));
                if (name == null || language == null) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> components = template.path("components").isArray()
                        ? json.convertValue(template.path("components"), List.class) : List.of();
                templates.add(new WhatsAppTemplates.Synced(text(template.path("id")), name, language,
                        text(template.path("status")), text(template.path("category")), components));
            }
            after = text(answer.path("paging").path("cursors").path("after"));
            if (after == null || answer.path("paging").path("next").isMissingNode()) {
                break;
            }
        }
        return templates;
    }

    private JsonNode get(String wabaId, String token, String after) {
        String url = baseUrl + "/" + version + "/" + URLEncoder.encode(wabaId, StandardCharsets.UTF_8)
                + "/message_templates?fields=" + FIELDS + "&limit=100"
                + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LeadflowException(ErrorCode.PROVIDER_TRANSIENT, "the Graph API could not be reached; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeadflowException(ErrorCode.PROVIDER_TRANSIENT, "interrupted");
        }
        if (response.statusCode() >= 500 || response.statusCode() == 429) {
            throw new LeadflowException(ErrorCode.PROVIDER_TRANSIENT, "the Graph API answered " + response.statusCode()
                    + "; try again");
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (RuntimeException notJson) {
            throw new LeadflowException(ErrorCode.PROVIDER_PERMANENT, "the Graph API answered something that is not JSON");
        }
        if (response.statusCode() >= 300) {
            String message = text(body.path("error").path("message"));
            throw new LeadflowException(ErrorCode.PROVIDER_PERMANENT, "the Graph API refused (" + response.statusCode()
                    + (message == null ? "" : ": " + message) + ")");
        }
        return body;
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() && !node.stringValue().isBlank() ? node.stringValue() : null;
    }
}
