package io.leadflow.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few api calls the launcher makes: the health probe and provisioning the demo tenant. */
final class AdminApi {

    static final String HEALTH_PATH = "/api/saas/health";
    static final String CLIENTS_PATH = "/api/clients";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    AdminApi(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    /**
     * Polls the health endpoint until it answers 200. {@code failure} is asked on every round and stops the wait
     * with its message as soon as it has one (a child died), instead of sitting out the timeout.
     */
    void awaitHealthy(Duration timeout, Supplier<Optional<String>> failure) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + HEALTH_PATH)).timeout(Duration.ofSeconds(3)).GET().build();
        int lastStatus = 0;
        while (Instant.now().isBefore(deadline)) {
            Optional<String> failed = failure.get();
            if (failed.isPresent()) {
                throw new StartupException(failed.get());
            }
            try {
                lastStatus = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for the api");
            }
            pause();
        }
        throw new StartupException("the api did not answer 200 on " + HEALTH_PATH + " within " + timeout.toSeconds()
                + " s" + (lastStatus == 0 ? "" : " (last status " + lastStatus + ")"));
    }

    /** Outcome of {@code POST /api/clients}: created with fresh credentials, already there, or refused. */
    sealed interface Provisioning {
        record Created(DemoTenant tenant) implements Provisioning {
        }

        record AlreadyExists() implements Provisioning {
        }

        record Failed(String reason) implements Provisioning {
        }
    }

    Provisioning createDemoTenant(String adminToken) {
        String body = JSON.writeValueAsString(new CreateClient(DemoTenant.CLIENT_CODE, DemoTenant.NAME, true));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + CLIENTS_PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return interpret(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Provisioning.Failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Provisioning.Failed("interrupted");
        }
    }

    static Provisioning interpret(int status, String body) {
        if (status == 409) {
            return new Provisioning.AlreadyExists();
        }
        if (status != 200 && status != 201) {
            return new Provisioning.Failed("HTTP " + status + ": " + abbreviate(body));
        }
        try {
            JsonNode data = JSON.readTree(body).path("data");
            String secretKey = data.path("secretKey").asString(data.path("apiKey").asString(""));
            String publishableKey = data.path("publishableKey").asString("");
            DemoTenant tenant = new DemoTenant(data.path("clientCode").asString(DemoTenant.CLIENT_CODE), secretKey,
                    data.path("webhookSecret").asString(""), publishableKey.isEmpty() ? null : publishableKey);
            return tenant.apiKey().isEmpty()
                    ? new Provisioning.Failed("no apiKey in the answer: " + abbreviate(body))
                    : new Provisioning.Created(tenant);
        } catch (RuntimeException e) {
            return new Provisioning.Failed("unreadable answer: " + abbreviate(body));
        }
    }

    private record CreateClient(String clientCode, String name, boolean sandbox) {
    }

    /**
     * A publishable key for a demo tenant saved before there were two kinds of key
     * ({@code POST /api/clients/demo/publishable-key/rotate}); empty when the api refuses.
     */
    Optional<String> rotatePublishableKey(String adminToken, String clientCode) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + CLIENTS_PATH + "/" + clientCode
                        + "/publishable-key/rotate"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            String key = JSON.readTree(response.body()).path("data").path("publishableKey").asString("");
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for the api");
        }
    }
}
