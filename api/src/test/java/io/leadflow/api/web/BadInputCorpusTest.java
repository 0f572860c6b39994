package io.leadflow.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed bodies, headers, methods and paths, thrown at every kind of route: each one gets a 4xx in the error
 * envelope (a stable code and a message), and not a single answer is a 5xx.
 */
@ApiIntegrationTest
class BadInputCorpusTest {

    private static final String TRIGGER = "/api/saas/workflows/trigger";

    @LocalServerPort
    int port;

    /** One malformed request: either through an HTTP client, or as raw bytes on a socket. */
    record Case(String name, String method, String path, Map<String, String> headers, byte[] body, byte[] raw) {
    }

    private final List<Case> corpus = new ArrayList<>();
    private Map<String, String> key;

    private void add(String name, String method, String path, String body) {
        addWith(name, method, path, Map.of("content-type", "application/json"), body == null ? null : utf8(body));
    }

    private void addWith(String name, String method, String path, Map<String, String> extra, byte[] body) {
        Map<String, String> headers = new HashMap<>(key);
        headers.putAll(extra);
        corpus.add(new Case(name, method, path, headers, body, null));
    }

    private void addRaw(String name, String requestLineAndHeaders, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(requestLineAndHeaders + "Host: 127.0.0.1\r\nConnection: close\r\nx-client-code: "
                + key.get("x-client-code") + "\r\nx-api-key: " + key.get("x-api-key") + "\r\n"
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n") + "\r\n"));
        if (body != null) {
            out.writeBytes(body);
        }
        corpus.add(new Case(name, "RAW", requestLineAndHeaders.lines().findFirst().orElse(""), Map.of(), null, out.toByteArray()));
    }

    private static String trigger(String extraFields) {
        return "{\"trigger\": \"form_submitted\", \"phone\": \"+919876543210\", \"createLeadIfMissing\": true" + extraFields + "}";
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void buildCorpus() {
        // -- the trigger: wrong types, huge numbers, deep nesting, bad keys, overlong strings, bad JSON
        add("trigger is a number", "POST", TRIGGER, "{\"trigger\": {}, \"phone\": \"+919876543210\"}");
        add("trigger missing", "POST", TRIGGER, "{\"phone\": \"+919876543210\"}");
        add("trigger overlong", "POST", TRIGGER, "{\"trigger\": \"" + "t".repeat(1000) + "\", \"phone\": \"+919876543210\"}");
        add("phone not E.164", "POST", TRIGGER, "{\"trigger\": \"t\", \"phone\": \"12345\"}");
        add("phone is a list", "POST", TRIGGER, "{\"trigger\": \"t\", \"phone\": [\"+919876543210\"]}");
        add("email user@localhost", "POST", TRIGGER, "{\"trigger\": \"t\", \"email\": \"user@localhost\", \"createLeadIfMissing\": true}");
        add("neither phone nor email", "POST", TRIGGER, "{\"trigger\": \"t\"}");
        add("firstName 10k characters", "POST", TRIGGER, trigger(", \"firstName\": \"" + "x".repeat(10_000) + "\""));
        add("delayMinutes huge", "POST", TRIGGER, trigger(", \"delayMinutes\": 99999999999999999999999"));
        add("delayMinutes 1e20", "POST", TRIGGER, trigger(", \"delayMinutes\": 1e20"));
        add("delayMinutes negative", "POST", TRIGGER, trigger(", \"delayMinutes\": -1"));
        add("delayMinutes is text", "POST", TRIGGER, trigger(", \"delayMinutes\": \"soon\""));
        add("createLeadIfMissing is an object", "POST", TRIGGER, trigger(", \"requiresMeet\": {\"a\": 1}"));
        add("variables is a list", "POST", TRIGGER, trigger(", \"variables\": [1, 2]"));
        add("variables is a string", "POST", TRIGGER, trigger(", \"variables\": \"x\""));
        add("variables key with a dot", "POST", TRIGGER, trigger(", \"variables\": {\"a.b\": 1}"));
        add("variables key with $", "POST", TRIGGER, trigger(", \"variables\": {\"$where\": \"1\"}"));
        add("variables deep key with $", "POST", TRIGGER, trigger(", \"variables\": {\"x\": [{\"y\": {\"$gt\": 1}}]}"));
        add("variables key with NUL", "POST", TRIGGER, trigger(", \"variables\": {\"k\\u0000\": 1}"));
        add("variables nested 50 deep", "POST", TRIGGER, trigger(", \"variables\": " + nested(50)));
        add("variables nested 3000 deep", "POST", TRIGGER, trigger(", \"variables\": " + nested(3000)));
        add("variables with 150 keys", "POST", TRIGGER, trigger(", \"variables\": {" + String.join(",",
                java.util.stream.IntStream.range(0, 150).mapToObj(i -> "\"k" + i + "\": " + i).toList()) + "}"));
        add("variables number 1e400", "POST", TRIGGER, trigger(", \"variables\": {\"n\": 1e400}"));
        add("variables integer beyond 64 bits", "POST", TRIGGER, trigger(", \"variables\": {\"n\": 123456789012345678901234567890}"));
        add("callbackMetadata is a string", "POST", TRIGGER, trigger(", \"callbackMetadata\": \"x\""));
        add("callbackMetadata key with a dot", "POST", TRIGGER, trigger(", \"callbackMetadata\": {\"a.b\": 1}"));
        add("callbackUrl not allowed", "POST", TRIGGER, trigger(", \"callbackUrl\": \"https://elsewhere.example/x\""));
        add("callbackUrl javascript:", "POST", TRIGGER, trigger(", \"callbackUrl\": \"javascript:alert(1)\""));
        add("meet is a list", "POST", TRIGGER, trigger(", \"requiresMeet\": true, \"meet\": []"));
        add("meet startTime nonsense", "POST", TRIGGER, trigger(", \"requiresMeet\": true, \"meet\": {\"startTime\": \"tomorrow\"}"));
        add("meet duration huge", "POST", TRIGGER, trigger(", \"requiresMeet\": true, \"meet\": {\"startTime\": \"2030-01-01T10:00:00Z\", \"durationMinutes\": 99999999999}"));
        add("idempotencyKey blank", "POST", TRIGGER, trigger(", \"idempotencyKey\": \"   \""));
        add("idempotencyKey overlong", "POST", TRIGGER, trigger(", \"idempotencyKey\": \"" + "k".repeat(500) + "\""));
        add("body is an array", "POST", TRIGGER, "[]");
        add("body is a string", "POST", TRIGGER, "\"trigger\"");
        add("body is null", "POST", TRIGGER, "null");
        add("body is empty", "POST", TRIGGER, "");
        add("truncated JSON", "POST", TRIGGER, "{\"trigger\": \"t\", \"phone\": ");
        add("JSON with a trailing comma", "POST", TRIGGER, "{\"trigger\": \"t\",}");
        add("single-quoted JSON", "POST", TRIGGER, "{'trigger': 't'}");
        addWith("invalid UTF-8", "POST", TRIGGER, Map.of("content-type", "application/json"),
                new byte[] {'{', '"', 't', 'r', 'i', 'g', 'g', 'e', 'r', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        addWith("no content type", "POST", TRIGGER, Map.of(), utf8(trigger("")));
        addWith("text/plain", "POST", TRIGGER, Map.of("content-type", "text/plain"), utf8(trigger("")));
        addWith("form encoded", "POST", TRIGGER, Map.of("content-type", "application/x-www-form-urlencoded"), utf8("trigger=t"));
        addWith("charset nonsense", "POST", TRIGGER, Map.of("content-type", "application/json; charset=no-such-charset"), utf8(trigger("")));
        addWith("body over the size limit", "POST", TRIGGER, Map.of("content-type", "application/json"),
                utf8(trigger(", \"variables\": {\"blob\": \"" + "a".repeat(300_000) + "\"}")));

        // -- wrong methods and unknown routes
        add("PUT on the trigger", "PUT", TRIGGER, trigger(""));
        add("DELETE on the trigger", "DELETE", TRIGGER, null);
        add("DELETE on the lead list", "DELETE", "/api/crm/leads", null);
        add("TRACE", "TRACE", "/api/saas/events", null);
        add("unknown tenant route", "GET", "/api/saas/nothing-here", null);
        add("unknown deeper route", "GET", "/api/crm/leads/x/y/z/w", null);
        add("outside every route family", "GET", "/api/unknown", null);
        add("root", "GET", "/", null);

        // -- query parameters
        add("limit is text", "GET", "/api/saas/events?limit=abc", null);
        add("limit beyond int", "GET", "/api/saas/events?limit=99999999999", null);
        add("limit negative", "GET", "/api/saas/events?limit=-1", null);
        add("unknown status", "GET", "/api/saas/events?status=bogus", null);
        add("outbox channel bogus", "GET", "/api/saas/outbox?channel=fax", null);
        add("unknown event id", "GET", "/api/saas/events/" + "x".repeat(300), null);

        // -- leads, rules, pipelines, events, sequences
        add("lead phone letters", "POST", "/api/crm/leads", "{\"phone\": \"abc\"}");
        add("lead score is text", "POST", "/api/crm/leads", "{\"phone\": \"+919800000001\", \"score\": \"high\"}");
        add("lead score 1e400", "POST", "/api/crm/leads", "{\"phone\": \"+919800000001\", \"score\": 1e400}");
        add("lead dealValue 1e400", "POST", "/api/crm/leads", "{\"phone\": \"+919800000001\", \"dealValue\": 1e400}");
        add("lead tags is a number", "POST", "/api/crm/leads", "{\"phone\": \"+919800000001\", \"tags\": 5}");
        add("lead extra key with a dot", "POST", "/api/crm/leads", "{\"phone\": \"+919800000001\", \"extra\": {\"a.b\": 1}}");
        add("lead unknown field", "POST", "/api/crm/leads", "{\"phone\": \"+919800000001\", \"nope\": 1}");
        add("lead body is a list", "POST", "/api/crm/leads", "[{\"phone\": \"+919800000001\"}]");
        add("patch unknown lead", "PATCH", "/api/crm/leads/000000000000000000000000", "{\"firstName\": \"x\"}");
        add("rule body is a list", "POST", "/api/crm/automations", "[]");
        add("rule ReDoS template", "POST", "/api/crm/automations", "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"action\":"
                + " {\"type\": \"send_email\", \"params\": {\"subject\": \"s\", \"body\": \"{{" + " ".repeat(60_000) + "x\"}}}]}");
        add("rule unknown action", "POST", "/api/crm/automations", "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"action\": {\"type\": \"send_sms\"}}]}");
        add("rule condition deep", "POST", "/api/crm/automations", "{\"name\": \"r\", \"trigger\": \"t\", \"condition\": "
                + "{\"not\":".repeat(40) + "{\"fact\": \"lead.x\", \"operator\": \"equal\", \"value\": 1}" + "}".repeat(40)
                + ", \"steps\": [{\"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}]}");
        add("event without trigger", "POST", "/api/crm/automations/events", "{\"leadId\": \"x\"}");
        add("event leadId overlong", "POST", "/api/crm/automations/events", "{\"trigger\": \"t\", \"leadId\": \"" + "x".repeat(1000) + "\"}");
        add("event variables key with a dot", "POST", "/api/crm/automations/events", "{\"trigger\": \"t\", \"leadId\": \"x\", \"variables\": {\"a.b\": 1}}");
        add("event variables is a list", "POST", "/api/crm/automations/events", "{\"trigger\": \"t\", \"variables\": []}");
        add("pipeline stages is a string", "POST", "/api/crm/pipelines", "{\"name\": \"p\", \"stages\": \"x\"}");
        add("bulk without a rule", "POST", "/api/crm/sequences/bulk/pause", "{}");
        add("bulk with a bogus action", "POST", "/api/crm/sequences/bulk/explode", "{}");
        add("unknown sequence", "GET", "/api/crm/sequences/seq:nobody:x:rule:y", null);
        add("bulk ruleId is a list", "POST", "/api/crm/sequences/bulk/cancel", "{\"ruleId\": [\"a\"]}");
        add("unknown bulk job", "GET", "/api/crm/sequences/bulk/nope", null);
        add("bulk job id overlong", "GET", "/api/crm/sequences/bulk/" + "j".repeat(3000), null);
        add("probe with a body and a bogus method", "DELETE", "/actuator/health/liveness", "{}");
        add("unknown probe", "GET", "/actuator/health/startup", null);
        add("metrics on the public port", "GET", "/actuator/prometheus", null);
        add("api docs with a method they don't take", "POST", "/v3/api-docs", "{}");
        // inbound messaging
        add("webhook without signature", "POST", "/api/saas/whatsapp/webhook", "{\"entry\": []}");
        addWith("webhook with a bad signature", "POST", "/api/saas/whatsapp/webhook",
                Map.of("content-type", "application/json", "X-Hub-Signature-256", "sha256=" + "0".repeat(64)), utf8("{\"entry\": []}"));
        addWith("webhook signature not hex", "POST", "/api/saas/whatsapp/webhook",
                Map.of("content-type", "application/json", "X-Hub-Signature-256", "sha256=" + "z".repeat(64)), utf8("not json"));
        addWith("webhook empty body", "POST", "/api/saas/whatsapp/webhook", Map.of("content-type", "application/json"), utf8(""));
        add("webhook handshake without token", "GET", "/api/saas/whatsapp/webhook?hub.mode=subscribe&hub.challenge=1", null);
        add("conversation unknown", "GET", "/api/saas/chat/conversations/000000000000000000000000", null);
        add("conversations limit zero", "GET", "/api/saas/chat/conversations?limit=0", null);
        add("conversations page is text", "GET", "/api/saas/chat/conversations?page=x", null);
        add("reply to an unknown conversation", "POST", "/api/saas/chat/conversations/x/messages", "{\"clientMessageId\": \"a\", \"text\": \"hi\"}");
        add("reply body is a list", "POST", "/api/saas/chat/conversations/x/messages", "[]");
        add("stream with a bad Last-Event-ID", "GET", "/api/saas/chat/stream?lastEventId=-5", null);
        // as a browser sends it: the token alone (with the secret key too, the key opens the stream)
        corpus.add(new Case("stream with a bad token", "GET", "/api/saas/chat/stream?token=abc.def", Map.of(), null, null));
        add("template unknown", "GET", "/api/saas/whatsapp/templates/000000000000000000000000", null);
        add("template mapping unknown", "PUT", "/api/saas/whatsapp/templates/x/mapping", "{\"body\": []}");
        add("template sync unconfigured", "POST", "/api/saas/whatsapp/templates/sync", null);
        add("broadcast body is a list", "POST", "/api/crm/broadcasts", "[]");
        add("broadcast without audience", "POST", "/api/crm/broadcasts", "{\"name\": \"b\", \"template\": \"t\"}");
        add("broadcast audience is a string", "POST", "/api/crm/broadcasts", "{\"name\": \"b\", \"template\": \"t\", \"audience\": \"all\"}");
        add("broadcast tags not strings", "POST", "/api/crm/broadcasts", "{\"name\": \"b\", \"template\": \"t\", \"audience\": {\"tags\": [1, {}]}}");
        add("broadcast unknown", "GET", "/api/crm/broadcasts/000000000000000000000000", null);
        add("broadcast cancel unknown", "POST", "/api/crm/broadcasts/x/cancel", null);
        add("broadcast list limit huge", "GET", "/api/crm/broadcasts?limit=100000", null);
        add("lead optOut not an object", "PATCH", "/api/crm/leads/000000000000000000000000", "{\"optOut\": true}");
        add("unsubscribe forged", "POST", "/api/saas/unsubscribe/abc.def", "");
        add("rule params not an object", "POST", "/api/crm/automations", "{\"name\": \"r\", \"trigger\": \"no_contact\", \"params\": 7, \"steps\": [{\"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}]}");

        // -- headers
        corpus.add(new Case("no credentials", "GET", "/api/crm/leads", Map.of(), null, null));
        corpus.add(new Case("client code overlong", "GET", "/api/crm/leads",
                Map.of("x-client-code", "c".repeat(1000), "x-api-key", key.get("x-api-key")), null, null));
        corpus.add(new Case("api key overlong", "GET", "/api/crm/leads",
                Map.of("x-client-code", key.get("x-client-code"), "x-api-key", "k".repeat(5000)), null, null));
        corpus.add(new Case("only the key", "GET", "/api/crm/leads", Map.of("x-api-key", key.get("x-api-key")), null, null));
        corpus.add(new Case("basic auth on admin", "GET", "/api/clients", Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), null, null));
        corpus.add(new Case("bearer garbage on admin", "GET", "/api/clients", Map.of("Authorization", "Bearer a.b.c"), null, null));
        corpus.add(new Case("tenant key on admin", "GET", "/api/clients", key, null, null));

        // -- odd paths, some only expressible as raw bytes
        add("semicolon", "GET", "/api/saas/events;x=1", null);
        add("encoded dot segment", "GET", "/api/saas/%2e%2e/clients", null);
        add("encoded slash", "GET", "/api%2Fsaas/events", null);
        add("double slash", "GET", "/api//saas/events", null);
        add("dot segment", "GET", "/api/crm/../saas/events", null);
        add("encoded percent", "GET", "/api/saas/%2565vents", null);
        addRaw("NUL in the path", "GET /api/saas/events%00 HTTP/1.1\r\n", null);
        addRaw("invalid UTF-8 in the path", "GET /api/saas/%C3%28 HTTP/1.1\r\n", null);
        addRaw("lone percent", "GET /api/saas/events% HTTP/1.1\r\n", null);
        addRaw("backslash", "GET /api\\saas\\events HTTP/1.1\r\n", null);
        addRaw("asterisk target", "GET * HTTP/1.1\r\n", null);
        addRaw("absolute target elsewhere", "GET http://evil.example/api/saas/events HTTP/1.1\r\n", null);
        addRaw("fragment in the target", "GET /api/saas/events#x HTTP/1.1\r\n", null);
        addRaw("request line without a slash", "GET api/saas/events HTTP/1.1\r\n", null);
        addRaw("invalid UTF-8 body", "POST " + TRIGGER + " HTTP/1.1\r\n", new byte[] {'{', (byte) 0xFF, (byte) 0xFE, '}'});
    }

    @Test
    void everyMalformedRequest_getsA4xxInTheEnvelope_andNothingIsA5xx() throws Exception {
        Api api = new Api(port);
        Api.Tenant tenant = api.createTenant("corpus-" + System.nanoTime() % 1_000_000);
        key = tenant.headers();
        buildCorpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonMapper json = JsonMapper.builder().build();
        Map<String, String> failures = new LinkedHashMap<>();
        for (Case c : corpus) {
            int status;
            String body;
            if (c.raw() != null) {
                String[] answer = raw(c.raw());
                status = Integer.parseInt(answer[0]);
                body = answer[1];
            } else {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.path()))
                        .timeout(Duration.ofSeconds(30))
                        .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
                c.headers().forEach(request::header);
                HttpResponse<String> response;
                try {
                    // bounded as a whole: a request that opened a stream instead of being refused fails here, named
                    response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                            .get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException open) {
                    failures.put(c.name() + " (" + c.method() + " " + abbreviate(c.path()) + ")", "no complete answer in 30 s");
                    continue;
                }
                status = response.statusCode();
                body = response.body();
            }
            String problem = check(json, status, body);
            if (problem != null) {
                failures.put(c.name() + " (" + c.method() + " " + abbreviate(c.path()) + ")", status + " " + problem + ": " + abbreviate(body));
            }
        }
        assertThat(failures).as("requests that did not get a 4xx envelope").isEmpty();
    }

    private static String check(JsonMapper json, int status, String body) {
        if (status < 400 || status >= 500) {
            return "not a 4xx";
        }
        int start = body.indexOf('{');
        if (start < 0) {
            return "no JSON body";
        }
        try {
            JsonNode envelope = json.readTree(body.substring(start, body.lastIndexOf('}') + 1));
            if (envelope.path("success").asBoolean(true) || envelope.path("error").path("code").asText("").isEmpty()
                    || envelope.path("error").path("message").asText("").isEmpty()) {
                return "not the envelope";
            }
            return null;
        } catch (RuntimeException e) {
            return "unreadable JSON";
        }
    }

    /** Status and body of raw bytes sent to the server (bodies may come chunked: the JSON is found inside). */
    private String[] raw(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String status = text.startsWith("HTTP/1.1 ") ? text.substring(9, 12) : "-1";
            int bodyStart = text.indexOf("\r\n\r\n");
            return new String[] {status, bodyStart < 0 ? "" : text.substring(bodyStart + 4)};
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
