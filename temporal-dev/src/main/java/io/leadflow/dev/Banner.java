package io.leadflow.dev;

import java.util.Optional;

/** The text printed once the stack is up: where everything is, the credentials, and a first request to paste. */
final class Banner {

    private static final String RULE = "=".repeat(78);

    private Banner() {
    }

    /**
     * @param mongoUri the MongoDB worker and api use
     * @param searchAttributes whether workflows carry ClientCode/LeadId/Trigger/RuleId
     * @param demo the demo tenant's credentials, empty if they are unknown (see {@code demoProblem})
     * @param demoProblem why there are no credentials to show, when there are none
     */
    static String render(StackSettings settings, String mongoUri, boolean searchAttributes, String adminToken,
            Optional<DemoTenant> demo, String demoProblem) {
        StringBuilder out = new StringBuilder();
        String api = settings.apiUrl();
        out.append(RULE).append('\n');
        out.append(" Leadflow local stack is up.  Ctrl-C stops everything.\n");
        out.append(RULE).append('\n');
        row(out, "API", api + "   (health: " + api + AdminApi.HEALTH_PATH + ", docs: " + api + "/swagger-ui.html)");
        row(out, "Management", "api " + settings.apiManagementUrl() + "/actuator/{health,prometheus}, worker "
                + settings.workerManagementUrl() + "/actuator/{health,prometheus}");
        row(out, "Temporal", settings.temporalAddress() + "  namespace " + settings.namespace() + "  " + describeTemporal(settings));
        row(out, "Temporal Web UI", settings.temporalMode() == TemporalMode.CLI
                ? "http://localhost:" + settings.temporalUiPort()
                : settings.temporalMode() == TemporalMode.EXTERNAL
                        ? "not started by the stack (TEMPORAL_ADDRESS)"
                        : "none (the Java test server has no UI; install Go or a temporal CLI for one)");
        row(out, "Search attributes", !searchAttributes ? "off (server refused them)"
                : settings.temporalMode() == TemporalMode.EXTERNAL
                        ? "ClientCode, LeadId, Trigger, RuleId (the worker registers them if missing)"
                        : "ClientCode, LeadId, Trigger, RuleId");
        row(out, "MongoDB", mongoUri + switch (settings.store()) {
            case EXTERNAL -> "  (MONGODB_URI)";
            case EMBEDDED -> "  (embedded mongo-java-server, file in " + settings.display(settings.mongoDir()) + ")";
            case FERRETDB -> "  (FerretDB on SQLite, files in " + settings.display(settings.mongoDir()) + ")";
        });
        row(out, "Logs", settings.display(settings.logDir()) + "/{store,temporal,worker,api}.log");
        out.append('\n');
        out.append(" Admin token (Authorization: Bearer ..., role=admin, valid 12 hours; a restart prints a new one):\n");
        out.append("   ").append(adminToken).append('\n');
        out.append('\n');
        if (demo.isPresent()) {
            DemoTenant tenant = demo.get();
            out.append(" Demo tenant (saved in ").append(settings.display(settings.demoTenantFile())).append("):\n");
            out.append("   x-client-code:    ").append(tenant.clientCode()).append('\n');
            out.append("   secret key:       ").append(tenant.apiKey())
                    .append("   (x-api-key for every tenant route: keep it on servers)\n");
            out.append("   publishable key:  ").append(tenant.publishableKey() == null ? "(none)" : tenant.publishableKey())
                    .append("   (x-api-key for triggers and business events only: safe in a browser)\n");
            out.append("   webhook secret:   ").append(tenant.webhookSecret()).append('\n');
            out.append('\n');
            out.append(" Fire a trigger (with the publishable key, as a web page would):\n");
            out.append("   ").append(triggerCurl(settings.apiPort(), tenant)).append('\n');
            out.append(" The answer carries an eventLogId; read the event back (with the secret key) with:\n");
            out.append("   curl -s localhost:").append(settings.apiPort()).append("/api/saas/events/<eventLogId>")
                    .append(" -H \"x-client-code: ").append(tenant.clientCode()).append('"')
                    .append(" -H \"x-api-key: ").append(tenant.apiKey()).append("\"\n");
        } else {
            out.append(" Demo tenant: ").append(demoProblem).append('\n');
        }
        out.append(RULE);
        return out.toString();
    }

    static String triggerCurl(int apiPort, DemoTenant tenant) {
        return "curl -s -X POST localhost:" + apiPort + "/api/saas/workflows/trigger"
                + " -H 'content-type: application/json'"
                + " -H \"x-client-code: " + tenant.clientCode() + "\""
                + " -H \"x-api-key: " + (tenant.publishableKey() != null ? tenant.publishableKey() : tenant.apiKey()) + "\""
                + " -d '{\"trigger\":\"appointment_confirmed\",\"phone\":\"+919876543210\",\"firstName\":\"Asha\",\"createLeadIfMissing\":true}'";
    }

    private static String describeTemporal(StackSettings settings) {
        return switch (settings.temporalMode()) {
            case CLI -> "(temporal CLI dev server, state in " + settings.display(settings.temporalDb()) + ")";
            case JAVA_TEST_SERVER -> "(Java test server: in memory, lost on restart)";
            case EXTERNAL -> "(TEMPORAL_ADDRESS)";
        };
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(' ').append(String.format("%-18s", label)).append(value).append('\n');
    }
}
