package io.leadflow.api.automation;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every bad rule shape is a 400 in the envelope whose message starts with the path of the offending field. */
@ApiIntegrationTest
class RuleValidationApiTest {

    @LocalServerPort
    int port;

    Api api;
    Api.Tenant acme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("valid-" + System.nanoTime() % 1_000_000);
    }

    private static final String TAG_STEP = "{\"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"trigger\": \"t\", \"steps\": [" + TAG_STEP + "]}                                              | name",
            "{\"name\": \"r\", \"trigger\": \"Order Paid\", \"steps\": [" + TAG_STEP + "]}                      | trigger",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": []}                                               | steps",
            "{\"name\": \"r\", \"trigger\": \"t\", \"enabled\": true, \"steps\": [" + TAG_STEP + "]}            | enabled",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"action\": {\"type\": \"send_sms\"}}]}             | steps[0].action.type",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [" + TAG_STEP + ", {\"delay\": {\"value\": 1, \"unit\": \"weeks\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"y\"}}}]} | steps[1].delay.unit",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"waitUntil\": {\"time\": \"9am\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"y\"}}}]} | steps[0].waitUntil.time",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"waitFor\": {\"events\": [], \"timeout\": {\"value\": 1, \"unit\": \"days\"}}, \"action\": {\"type\": \"none\"}}]} | steps[0].waitFor.events",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"action\": {\"type\": \"none\"}}]}                 | steps[0].action.type",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"action\": {\"type\": \"send_whatsapp\", \"params\": {\"language\": \"en_US\"}}}]} | steps[0].action.params.templateName",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"action\": {\"type\": \"send_email\", \"params\": {\"subject\": \"s\"}}}]} | steps[0].action.params.body",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"action\": {\"type\": \"webhook\", \"params\": {\"url\": \"ftp://x.example.com\"}}}]} | steps[0].action.params.url",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"action\": {\"type\": \"create_meet\", \"params\": {\"summary\": \"s\", \"durationMinutes\": 0}}}]} | steps[0].action.params.durationMinutes",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"action\": {\"type\": \"move_stage\", \"params\": {}}}]} | steps[0].action.params",
            "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [{\"action\": {\"type\": \"assign_to\", \"params\": {\"user\": \"u\"}}}]} | steps[0].action.params.user",
            "{\"name\": \"r\", \"trigger\": \"t\", \"condition\": {\"fact\": \"lead.score\", \"operator\": \"gt\", \"value\": 5}, \"steps\": [" + TAG_STEP + "]} | condition.operator",
            "{\"name\": \"r\", \"trigger\": \"t\", \"condition\": {\"any\": [{\"fact\": \"score\", \"operator\": \"equal\", \"value\": 5}]}, \"steps\": [" + TAG_STEP + "]} | condition.any[0].fact",
            "{\"name\": \"r\", \"trigger\": \"t\", \"condition\": {\"fact\": \"lead.tags\", \"operator\": \"in\", \"value\": \"vip\"}, \"steps\": [" + TAG_STEP + "]} | condition.value",
            "{\"name\": \"r\", \"trigger\": \"t\", \"exitOn\": [\"Lead Replied\"], \"steps\": [" + TAG_STEP + "]} | exitOn[0]",
            "{\"name\": \"r\", \"trigger\": \"t\", \"reEnrollment\": \"sometimes\", \"steps\": [" + TAG_STEP + "]} | reEnrollment",
            "{\"name\": \"r\", \"trigger\": \"t\", \"sendWindow\": {\"start\": \"09:00\", \"end\": \"18:00\", \"timezone\": \"Mars/Base\"}, \"steps\": [" + TAG_STEP + "]} | sendWindow.timezone",
            "{\"name\": \"r\", \"trigger\": \"t\", \"sendWindow\": {\"days\": [\"MO\"], \"start\": \"09:00\", \"end\": \"18:00\"}, \"steps\": [" + TAG_STEP + "]} | sendWindow.days[0]",
    })
    void aBadRuleIsA400NamingTheField(String rule, String field) {
        Api.Response response = api.as(acme, "POST", "/api/crm/automations", rule);

        assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
        assertThat(response.body().get("success").asBoolean()).isFalse();
        assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body().path("error").path("message").asText()).startsWith(field + ": ");
        assertThat(api.as(acme, "GET", "/api/crm/automations", null).data()).isEmpty();
    }

    @Test
    void bodiesThatAreNotRuleObjectsAreRefused() {
        Api.Response array = api.as(acme, "POST", "/api/crm/automations", "[]");
        Api.Response broken = api.as(acme, "POST", "/api/crm/automations", "{\"name\": ");

        assertThat(array.status()).isEqualTo(400);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.errorCode()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void aBadPatchLeavesTheRuleAsItWas() {
        String rule = "{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [" + TAG_STEP + "]}";
        String id = api.as(acme, "POST", "/api/crm/automations", rule).data().get("id").asText();

        Api.Response patched = api.as(acme, "PATCH", "/api/crm/automations/" + id,
                "{\"steps\": [{\"action\": {\"type\": \"add_tag\", \"params\": {}}}]}");

        assertThat(patched.status()).isEqualTo(400);
        assertThat(patched.body().path("error").path("message").asText()).startsWith("steps[0].action.params.tag: ");
        assertThat(api.as(acme, "GET", "/api/crm/automations/" + id, null).data().get("version").asInt()).isEqualTo(1);
    }
}
