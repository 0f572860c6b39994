package io.leadflow.api.web;

import io.leadflow.contracts.error.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): springdoc reads every
 * route from the controllers; this adds what they don't say — the envelope, the error codes with an example per
 * status, and the credential each route family needs (the same families the security chain enforces:
 * {@code security/Routes}; {@code OpenApiTest} proves the two agree route by route).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String CLIENT_CODE = "clientCode";
    static final String SECRET_KEY = "secretKey";
    static final String PUBLISHABLE_KEY = "publishableKey";
    static final String ADMIN_TOKEN = "adminToken";
    static final String META_SIGNATURE = "metaSignature";
    static final String STREAM_TOKEN = "streamToken";
    static final String ERROR = "Error";

    /** The answers every route may give besides its own, by status. */
    private static final Map<String, ErrorExample> ERRORS = errors();

    private record ErrorExample(String description, ErrorCode code, String message) {
    }

    @Bean
    OpenAPI leadflowOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Leadflow API").version("0.1")
                        .description("""
                                Multi-tenant CRM automation on Temporal. Every answer uses one envelope: \
                                `{"success": true, "data": …, "message": …}`, or \
                                `{"success": false, "error": {"code": "…", "message": "…", "details": {…}}}` with a \
                                stable `code` (the `ErrorCode` schema lists them all). Bad input is always a 4xx.

                                **Credentials.** Tenant routes take `x-client-code` with `x-api-key`: the *secret \
                                key* (`lf_sk_…`, servers) opens every tenant route; the *publishable key* \
                                (`lf_pk_…`, safe in a web page) only the trigger and business events. Admin routes \
                                (`/api/clients/**`, `/api/admin/**`) take `Authorization: Bearer <HS256 JWT, \
                                role=admin, exp at most 12 h away>`. Limits: 1200 requests/min per client address, 600/min per tenant, \
                                triggers 60/min, business events and lead creation 120/min (429 with `Retry-After`).

                                Guides: README.md, docs/RULES.md (the rule format), docs/SECURITY.md."""))
                .components(new Components()
                        .addSecuritySchemes(CLIENT_CODE, header("x-client-code", "The tenant's client code."))
                        .addSecuritySchemes(SECRET_KEY, header("x-api-key",
                                "The tenant's secret key (`lf_sk_…`): every tenant route. Keep it on servers."))
                        .addSecuritySchemes(PUBLISHABLE_KEY, header("x-api-key",
                                "The tenant's publishable key (`lf_pk_…`): triggers and business events only, from"
                                        + " the tenant's registered browser origins."))
                        .addSecuritySchemes(ADMIN_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("HS256 JWT signed with CORE_JWT_SECRET, claim `role: admin`, `exp` at"
                                        + " most 12 h away."))
                        .addSecuritySchemes(META_SIGNATURE, header("X-Hub-Signature-256",
                                "Meta's signature of the raw body: `sha256=<hex HMAC-SHA256>` with the app secret of"
                                        + " the tenant owning the number (or the platform's)."))
                        .addSecuritySchemes(STREAM_TOKEN, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.QUERY).name("token").description("A short-lived token from"
                                        + " `POST /api/saas/chat/stream-token`, for a browser's EventSource: opens"
                                        + " the live stream only.")));
    }

    /** Credentials and error answers on every operation, by the route family its path belongs to. */
    @Bean
    OpenApiCustomizer leadflowOperations() {
        return openApi -> {
            openApi.getComponents()
                    .addSchemas("ErrorCode", new StringSchema()._enum(Arrays.stream(ErrorCode.values())
                            .map(Enum::name).toList())
                            .description("Stable error codes; each has one HTTP status (see the examples)."))
                    .addSchemas(ERROR, errorSchema());
            probes(openApi);
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> describe(path, method, operation)));
        };
    }

    /**
     * The liveness and readiness probes of the public port ({@code ProbeController}): springdoc leaves everything under
     * {@code /actuator} out, so they are described here.
     */
    private static void probes(OpenAPI openApi) {
        for (String probe : List.of("liveness", "readiness")) {
            Map<String, Object> up = Map.of("status", "UP");
            ApiResponses answers = new ApiResponses()
                    .addApiResponse("200", new ApiResponse().description("UP").content(new Content()
                            .addMediaType("application/json", new MediaType().example(up))))
                    .addApiResponse("503", new ApiResponse().description("DOWN or OUT_OF_SERVICE"));
            openApi.path("/actuator/health/" + probe, new PathItem().get(new Operation()
                    .addTagsItem("Health").operationId(probe)
                    .summary(probe.equals("liveness") ? "Liveness: the process itself (never Temporal or MongoDB)"
                            : "Readiness: Temporal and MongoDB answer")
                    .responses(answers)));
        }
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        Family family = Family.of(path, method);
        operation.setSecurity(family.security());
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        for (String status : family.errors(path)) {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(status, error(status));
            }
        }
        operation.setResponses(responses);
    }

    /** The route families of the security chain, read from the path as springdoc writes it. */
    enum Family {
        PUBLIC, WEBHOOK, ADMIN, PUBLISHABLE, STREAM, TENANT;

        static Family of(String path, PathItem.HttpMethod method) {
            if (path.equals("/api/saas/whatsapp/webhook")) {
                return method == PathItem.HttpMethod.POST ? WEBHOOK : PUBLIC;
            }
            if (path.equals("/api/saas/health") || path.startsWith("/actuator/") || path.startsWith("/v3/")
                    || path.startsWith("/api/saas/unsubscribe/")) {
                return PUBLIC;
            }
            if (path.equals("/api/clients") || path.startsWith("/api/clients/") || path.startsWith("/api/admin/")) {
                return ADMIN;
            }
            if (path.equals("/api/saas/chat/stream")) {
                return STREAM;
            }
            if (method == PathItem.HttpMethod.POST
                    && (path.equals("/api/saas/workflows/trigger") || path.equals("/api/crm/automations/events"))) {
                return PUBLISHABLE;
            }
            return TENANT;
        }

        List<SecurityRequirement> security() {
            return switch (this) {
                case PUBLIC -> List.of();
                case WEBHOOK -> List.of(new SecurityRequirement().addList(META_SIGNATURE));
                case STREAM -> List.of(new SecurityRequirement().addList(CLIENT_CODE).addList(SECRET_KEY),
                        new SecurityRequirement().addList(STREAM_TOKEN));
                case ADMIN -> List.of(new SecurityRequirement().addList(ADMIN_TOKEN));
                case PUBLISHABLE -> List.of(new SecurityRequirement().addList(CLIENT_CODE).addList(SECRET_KEY),
                        new SecurityRequirement().addList(CLIENT_CODE).addList(PUBLISHABLE_KEY));
                case TENANT -> List.of(new SecurityRequirement().addList(CLIENT_CODE).addList(SECRET_KEY));
            };
        }

        List<String> errors(String path) {
            List<String> statuses = new java.util.ArrayList<>(List.of("400"));
            if (this != PUBLIC) {
                statuses.addAll(List.of("401", "403"));
            }
            if (path.contains("{")) {
                statuses.add("404");
            }
            statuses.add("429");
            if (this == PUBLISHABLE) {
                statuses.add("503");
            }
            return statuses;
        }
    }

    private static SecurityScheme header(String name, String description) {
        return new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(name)
                .description(description);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> errorSchema() {
        Schema body = new ObjectSchema()
                .addProperty("code", new Schema<>().$ref("#/components/schemas/ErrorCode"))
                .addProperty("message", new StringSchema().description("For people; may change."))
                .addProperty("details", new ObjectSchema().description("Extra facts, e.g. the eventLogId of an"
                        + " accepted event, or the field that failed validation."));
        body.setRequired(List.of("code", "message"));
        return new ObjectSchema().description("The error envelope.")
                .addProperty("success", new BooleanSchema()._default(false))
                .addProperty("error", body);
    }

    private static ApiResponse error(String status) {
        ErrorExample example = ERRORS.get(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", Map.of("code", example.code().name(), "message", example.message()));
        MediaType json = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR)).example(body);
        ApiResponse response = new ApiResponse().description(example.description())
                .content(new Content().addMediaType("application/json", json));
        if (status.equals("429")) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait.")
                    .schema(new IntegerSchema()));
        }
        return response;
    }

    private static Map<String, ErrorExample> errors() {
        Map<String, ErrorExample> errors = new LinkedHashMap<>();
        errors.put("400", new ErrorExample("Invalid input (also VALIDATION_FAILED, MALFORMED_JSON, REQUEST_REJECTED for"
                + " odd path spellings, CALLBACK_URL_NOT_ALLOWED, URL_NOT_ALLOWED).", ErrorCode.VALIDATION_FAILED,
                "phone: phone or email is required"));
        errors.put("401", new ErrorExample("No credential, or one that is not valid.", ErrorCode.UNAUTHORIZED,
                "authentication is required: x-client-code and x-api-key for tenant routes, an admin bearer token for"
                        + " /api/clients"));
        errors.put("403", new ErrorExample("A valid credential that may not call this route (a publishable key on a"
                + " secret-key route; TENANT_SUSPENDED).", ErrorCode.FORBIDDEN, "this credential may not call this route"));
        errors.put("404", new ErrorExample("Not found, or not the caller's (tenants never see each other's data).",
                ErrorCode.NOT_FOUND, "not found"));
        errors.put("429", new ErrorExample("A rate limit; retry after the Retry-After header's seconds.",
                ErrorCode.RATE_LIMITED, "too many requests; retry after 12 s"));
        errors.put("503", new ErrorExample("Temporal is unreachable: the event is recorded (details.eventLogId) and"
                + " started when it is back.", ErrorCode.TEMPORAL_UNAVAILABLE,
                "the workflow engine is unreachable; the event is kept and will be processed when it is back"));
        return errors;
    }
}
