package io.leadflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Leadflow API as one tenant calls it: JSON in, the envelope out. */
final class BenchApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.shared();
    private final String baseUrl;
    private final String clientCode;
    private final String apiKey;

    BenchApi(String baseUrl, String clientCode, String apiKey) {
        this.baseUrl = baseUrl;
        this.clientCode = clientCode;
        this.apiKey = apiKey;
    }

    /** {@code body} null sends none. */
    CompletableFuture<JsonNode> call(String method, String path, Object body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .header("x-client-code", clientCode)
                .header("x-api-key", apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> json.readTree(response.body()));
    }
}
